using SeCo.Plugins.Psa.Aggregation;
using SeCo.Testing;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Taxonomies;

namespace SeCo.Benchmarks.Psa.Sam;

/// <summary>The golden PSA image synth_000 (256×512) with its noisy pseudo-label, and the reference settings.</summary>
internal static class BenchmarkInputs
{
    public static RgbImage Image() => RgbImageIO.Read(GoldenData.PathOf("psa", "data", "leftImg8bit", "train", "synth_000_leftImg8bit.png"));

    public static LabelMap Label() => LabelMapIO.Read(GoldenData.PathOf("psa", "data", "psd_label", "train", "synth_000.png"));

    public static RgbImage SamTestImage() => RgbImageIO.Read(GoldenData.PathOf("sam", "test_image.png"));

    public static AggregationSettings Settings() => new()
    {
        NumClasses = 19,
        StuffIds = Taxonomy.Cityscapes19.StuffIds,
        ThingIds = Taxonomy.Cityscapes19.ThingIds,
    };
}
