using BenchmarkDotNet.Attributes;
using SeCo.Benchmarks.Measurement;
using SeCo.Plugins.Psa.Aggregation;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Segmentation;

namespace SeCo.Benchmarks.Psa.Sam;

/// <summary>
/// One PSA image (golden synth_000, 256×512) with the weight-free proposer (<c>proposer: "felzenszwalb"</c>, stage
/// defaults), split like <see cref="PsaStepBenchmarks"/>: segmentation, stuff vote, thing prompts, and the whole image.
/// </summary>
[Config(typeof(AnchorBenchmarkConfig))]
[MemoryDiagnoser(false)]
public class FelzenszwalbStepBenchmarks
{
    private static readonly FelzenszwalbParameters s_parameters = new() { Scale = 100, Sigma = 0.5, MinSize = 20 };

    private RgbImage _image = null!;
    private LabelMap _label = null!;
    private AggregationSettings _settings = null!;
    private SegmentMap _segments = null!;

    /// <summary>Reads the image and label and segments the image once for the later steps.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _image = BenchmarkInputs.Image();
        _label = BenchmarkInputs.Label();
        _settings = BenchmarkInputs.Settings();
        _segments = FelzenszwalbSegmentation.Segment(_image, s_parameters);
    }

    /// <summary>Felzenszwalb: the segmentation (scale 100, sigma 0.5, min size 20, the stage defaults).</summary>
    [Benchmark]
    public int Felzenszwalb_segmentation() =>
        FelzenszwalbSegmentation.Segment(_image, s_parameters).Count;

    /// <summary>Felzenszwalb: the stuff vote over the partition.</summary>
    [Benchmark]
    public int Felzenszwalb_stuff_vote()
    {
        var final = new byte[_label.Data.Length];
        return StuffVote.ApplyPartition(_label.Data, _segments, _settings.StuffIds, _settings.StuffVoteThreshold, final);
    }

    /// <summary>Felzenszwalb: thing components, purity, boxes, points and the segment masks.</summary>
    [Benchmark]
    public int Felzenszwalb_thing_prompts()
    {
        var prompts = ThingComponentFinder.Find(_label.Data, _label.Width, _label.Height, _settings)
            .Select(c => c.Prompt).OfType<ThingPrompt>().ToList();
        return new SegmentThingPrompter(_segments, _label, 0.5, 0.3).Predict(prompts, _label.Width, _label.Height).Count;
    }

    /// <summary>Felzenszwalb: the whole image (segmentation, vote, things, paint).</summary>
    [Benchmark]
    public int Felzenszwalb_image()
    {
        var segments = FelzenszwalbSegmentation.Segment(_image, s_parameters);
        var result = new PixelSemanticAggregator(_settings).Aggregate(_label, segments, new SegmentThingPrompter(segments, _label, 0.5, 0.3));
        return result.Components.Count;
    }
}
