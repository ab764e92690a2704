using SeCo.Plugins.Sources.Proda.Modeling;
using TorchSharp;
using static TorchSharp.torch;

namespace Sources.Proda.Tests.Golden;

[Trait("Category", "Slow")]
public sealed class ProdaDetFillGoldenTests : IClassFixture<ProdaDetFillFixture>
{
    /// <summary>README: "|a-b| &lt;= 1e-4 * max|ref|" for float outputs.</summary>
    private const double RelativeToMaxTolerance = 1e-4;

    /// <summary>README: "+1e-6 absolute for probabilities".</summary>
    private const double ProbabilityAbsoluteTolerance = 1e-6;

    /// <summary>README: argmax maps "can flip at near-tie pixels ... allow a handful of mismatches".</summary>
    private const int NearTieArgmaxMismatches = 8;

    private readonly ProdaDetFillFixture _fixture;

    public ProdaDetFillGoldenTests(ProdaDetFillFixture fixture) => _fixture = fixture;

    [Fact]
    public void Logits_of_the_detfill_network_match_proda()
    {
        using var scope = NewDisposeScope();
        _fixture.Logits.shape.Should().Equal(2, 19, 33, 65);
        AssertClose(_fixture.Logits.narrow(0, 0, 1), _fixture.Golden["logits_out"], 0);
        AssertClose(_fixture.Logits.narrow(0, 1, 1), _fixture.Golden["flipped_input_logits_out"], 0);
    }

    [Fact]
    public void Feat_after_the_dropout_matches_proda()
    {
        using var scope = NewDisposeScope();
        _fixture.Feat.shape.Should().Equal(2, 256, 33, 65);
        AssertClose(_fixture.Feat.narrow(0, 0, 1).narrow(1, 0, 8), _fixture.Golden["feat_out"], 0);
    }

    [Fact]
    public void Native_softmax_matches_proda_soft_output()
    {
        using var scope = NewDisposeScope();
        AssertClose(_fixture.Logits.narrow(0, 0, 1).softmax(1), _fixture.Golden["softmax_native"], ProbabilityAbsoluteTolerance);
    }

    [Fact]
    public void Test_py_upsampled_argmax_matches_proda_except_near_ties()
    {
        using var scope = NewDisposeScope();
        var upsampled = ProdaPredictor.Upsample(_fixture.Logits.narrow(0, 0, 1), 256, 512);
        CountMismatches(upsampled.argmax(1), _fixture.Golden["test_argmax_upsampled"]).Should().BeLessThanOrEqualTo(NearTieArgmaxMismatches);
    }

    [Fact]
    public void Flip_averaged_confidence_and_label_match_generate_pseudo_label()
    {
        using var scope = NewDisposeScope();
        var probabilities = ProdaPredictor.Upsample(_fixture.Logits.softmax(1), 256, 512);
        var averaged = probabilities.narrow(0, 0, 1).add(probabilities.narrow(0, 1, 1).flip(3)).div(2);
        var (max, argmax) = averaged.max(1);
        AssertClose(max, _fixture.Golden["flip_avg_prob_upsampled_max"], ProbabilityAbsoluteTolerance);
        CountMismatches(argmax, _fixture.Golden["flip_avg_prob_upsampled_argmax"]).Should().BeLessThanOrEqualTo(NearTieArgmaxMismatches);
        var pseudo = SeCo.Vision.LabelMaps.LabelMapIO.Read(SeCo.Testing.GoldenData.PathOf("sources", "proda_pseudo_flip.png"));
        CountMismatches(argmax, tensor(pseudo.Data, [1L, pseudo.Height, pseudo.Width])).Should().BeLessThanOrEqualTo(NearTieArgmaxMismatches);
    }

    [Fact]
    public void Predictor_flip_path_equals_the_batched_reference_formula()
    {
        using var scope = NewDisposeScope();
        var predictor = new ProdaPredictor(_fixture.Model);
        var input = _fixture.Golden["input"];
        var probabilities = predictor.Probabilities(input, flip: true, 256, 512);
        AssertClose(probabilities.max(1).values, _fixture.Golden["flip_avg_prob_upsampled_max"], ProbabilityAbsoluteTolerance);
    }

    [Fact]
    public void No_flip_native_max_and_argmax_are_taken_on_raw_logits()
    {
        using var scope = NewDisposeScope();
        var (max, argmax) = _fixture.Logits.narrow(0, 0, 1).max(1);
        AssertClose(max, _fixture.Golden["noflip_max_logit_native"], 0);
        CountMismatches(argmax, _fixture.Golden["noflip_argmax_native"]).Should().BeLessThanOrEqualTo(NearTieArgmaxMismatches);
    }

    private static void AssertClose(Tensor actual, Tensor expected, double absolute)
    {
        actual.shape.Should().Equal(expected.shape);
        var scale = expected.abs().max().ToDouble();
        var difference = (actual - expected).abs().max().ToDouble();
        difference.Should().BeLessThanOrEqualTo(RelativeToMaxTolerance * scale + absolute);
    }

    private static long CountMismatches(Tensor actual, Tensor expected) =>
        actual.to(ScalarType.Int64).ne(expected.to(ScalarType.Int64)).sum().ToInt64();
}
