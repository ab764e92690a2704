using SeCo.Plugins.Adapt.UniMatch.Modeling;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Adapt.UniMatch.Tests.Golden;

/// <summary>DeepLabV3+-R101 with DetFill weights against UniMatch (golden README §9).</summary>
[Trait("Category", "Slow")]
public sealed class ModelDetFillGoldenTests : IClassFixture<ModelDetFillFixture>
{
    /// <summary>README: "Suggested: |a-b| &lt;= 1e-4 * max|ref|" (1 vs 2 threads, float32 CPU, |logits| ~3e10).</summary>
    private const double RelativeToMaxTolerance = 1e-4;

    /// <summary>README: "argmax samples identical".</summary>
    private const long IdenticalArgmax = 0;

    private readonly ModelDetFillFixture _fixture;
    private readonly ITestOutputHelper _output;

    public ModelDetFillGoldenTests(ModelDetFillFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public void Eval_classifier_output_matches_unimatch_before_the_final_upsample()
    {
        using var scope = NewDisposeScope();
        _output.WriteLine($"DeepLabV3+-R101 eval forward 1x3x321x321: {_fixture.EvalForward.TotalSeconds:F2} s");
        _fixture.Out.shape.Should().Equal(1, 19, 321, 321);

        // align_corners upsampling 81 -> 321 maps output pixel 4k exactly onto input pixel k (weights 1 and 0).
        AssertClose(EveryFourthPixel(_fixture.Out), _fixture.Golden["eval_classifier_out"]);
    }

    [Fact]
    public void Eval_output_samples_and_argmax_match_unimatch()
    {
        using var scope = NewDisposeScope();
        AssertSamples(_fixture.Out, "eval_out");
    }

    [Fact]
    public void Need_fp_outputs_with_the_stored_dropout_masks_match_unimatch()
    {
        using var scope = NewDisposeScope();
        _fixture.FpOut.shape.Should().Equal(1, 19, 321, 321);
        _fixture.FpOutFp.shape.Should().Equal(1, 19, 321, 321);
        AssertSamples(_fixture.FpOut, "fp_out");
        AssertSamples(_fixture.FpOutFp, "fp_out_fp");
        AssertClose(EveryFourthPixel(_fixture.FpOutFp), _fixture.Golden["fp_classifier_out_dropped_half"]);
    }

    [Fact]
    public void Clean_half_of_the_need_fp_batch_equals_the_plain_eval_output_up_to_kernel_choice()
    {
        using var scope = NewDisposeScope();
        AssertClose(_fixture.FpOut, _fixture.Out);
        _fixture.FpOutFp.sub(_fixture.Out).abs().max().ToDouble().Should().BeGreaterThan(
            RelativeToMaxTolerance * _fixture.Out.abs().max().ToDouble(), "the dropped half sees different features");
    }

    private void AssertSamples(Tensor output, string prefix)
    {
        var golden = _fixture.Golden;
        AssertClose(output.select(2, 160), golden[prefix + "_row160"]);
        AssertClose(output.select(3, 77), golden[prefix + "_col77"]);
        AssertClose(output.narrow(2, 101, 16).narrow(3, 203, 16), golden[prefix + "_patch_r101_117_c203_219"]);
        var argmax = output.argmax(1);
        argmax.ne(golden[prefix + "_argmax"].to(ScalarType.Int64)).sum().ToInt64().Should().Be(IdenticalArgmax, prefix + " argmax");
    }

    private static Tensor EveryFourthPixel(Tensor output) =>
        output.index(TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(null, null, 4), TensorIndex.Slice(null, null, 4));

    private static void AssertClose(Tensor actual, Tensor expected)
    {
        actual.shape.Should().Equal(expected.shape);
        var scale = expected.abs().max().ToDouble();
        var difference = actual.sub(expected).abs().max().ToDouble();
        difference.Should().BeLessThanOrEqualTo(RelativeToMaxTolerance * scale);
    }
}
