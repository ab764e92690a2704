using BenchmarkDotNet.Attributes;
using SeCo.Benchmarks.Measurement;
using SeCo.Plugins.Psa.Aggregation;
using SeCo.Plugins.Psa.MaskGeneration;
using SeCo.Plugins.Psa.Modeling;
using SeCo.Plugins.Psa.Prompting;
using SeCo.Testing;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Benchmarks.Psa.Sam;

/// <summary>
/// One PSA image (golden synth_000, 256×512, 15 thing components) split into its steps, with the tiny DetFill SAM
/// (anchors row 4b: 2 encodes 0.09 s, AMG 8.4 s, stuff vote 0.0, purity 7.6 s, thing prompts 0.17 s; 16.3 s per
/// image). The steps run on one encoding (the stage encodes once); the AMG is the reference default (32×32
/// points). The weight-free proposer is in <see cref="FelzenszwalbStepBenchmarks"/>.
/// </summary>
[Config(typeof(AnchorBenchmarkConfig))]
[MemoryDiagnoser(false)]
public class PsaStepBenchmarks
{
    private SamModel _model = null!;
    private SamPredictor _predictor = null!;
    private AutomaticMaskGenerator _generator = null!;
    private RgbImage _image = null!;
    private LabelMap _label = null!;
    private AggregationSettings _settings = null!;
    private IReadOnlyList<byte[]> _masks = [];

    /// <summary>Builds the tiny DetFill SAM and encodes the image once for the steps that need an embedding.</summary>
    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(2);
        var variant = SamVariant.FromConfigJson(File.ReadAllText(GoldenData.PathOf("sam", "tiny", "config.json")), "tiny");
        _model = new SamModel(variant);
        DetFill.Apply(_model);
        _predictor = new SamPredictor(_model);
        _generator = new AutomaticMaskGenerator(_model);
        _image = BenchmarkInputs.Image();
        _label = BenchmarkInputs.Label();
        _settings = BenchmarkInputs.Settings();
        using (no_grad())
        {
            _predictor.SetImage(_image);
            _masks = new SamRegionProposer(_generator).Propose(_image, _predictor);
        }

    }

    /// <summary>SAM: resize, normalise and image encoder (once per image).</summary>
    [Benchmark]
    public long Sam_encode()
    {
        using var noGrad = no_grad();
        using var predictor = new SamPredictor(_model);
        predictor.SetImage(_image);
        return predictor.Features.shape[1];
    }

    /// <summary>SAM: automatic mask generation on the stage's embedding (32×32 points, 16 decoder batches).</summary>
    [Benchmark]
    public int Sam_mask_generation()
    {
        using var noGrad = no_grad();
        return _generator.Generate(_image, _predictor).Count;
    }

    /// <summary>SAM: the stuff vote over the automatic masks.</summary>
    [Benchmark]
    public int Sam_stuff_vote()
    {
        var final = new byte[_label.Data.Length];
        return StuffVote.Apply(_label.Data, _masks, _settings.StuffIds, _settings.StuffVoteThreshold, final);
    }

    /// <summary>SAM: thing components, purity, boxes, points and the batched box+point decoder calls.</summary>
    [Benchmark]
    public int Sam_thing_prompts()
    {
        using var noGrad = no_grad();
        var prompts = ThingComponentFinder.Find(_label.Data, _label.Width, _label.Height, _settings)
            .Select(c => c.Prompt).OfType<ThingPrompt>().ToList();
        return new SamThingPrompter(_predictor).Predict(prompts, _label.Width, _label.Height).Count;
    }

    /// <summary>Releases the model.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _predictor.Dispose();
        _generator.Dispose();
        _model.Dispose();
    }
}
