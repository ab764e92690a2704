using SeCo.Plugins.Psa.Aggregation;
using SeCo.Plugins.Psa.MaskGeneration;
using SeCo.Plugins.Psa.Prompting;
using SeCo.Plugins.Psa.Stages;
using SeCo.Testing;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Taxonomies;
using static TorchSharp.torch;

namespace SeCo.Benchmarks.Psa.Sam;

/// <summary>The golden PSA image synth_000 (256×512) with its noisy pseudo-label, and the reference settings.</summary>
internal static class BenchmarkInputs
{
    public static RgbImage Image() => RgbImageIO.Read(GoldenData.PathOf("psa", "data", "leftImg8bit", "train", "synth_000_leftImg8bit.png"));

    public static LabelMap Label() => LabelMapIO.Read(GoldenData.PathOf("psa", "data", "psd_label", "train", "synth_000.png"));

    public static RgbImage SamTestImage() => RgbImageIO.Read(GoldenData.PathOf("sam", "test_image.png"));

    public static AggregationSettings Settings() => new PsaOptions().ToAggregationSettings(Taxonomy.Cityscapes19);

    /// <summary>
    /// Anchors row 2a's prompts: an 8×8 grid of single positive points over <paramref name="image"/>, in the encoder
    /// frame of <paramref name="predictor"/> (<c>[64, 1, 2]</c> coordinates, <c>[64, 1]</c> labels).
    /// </summary>
    public static (Tensor Points, Tensor Labels) GridPrompts(SamPredictor predictor, RgbImage image)
    {
        var grid = PointGrid.Build(8);
        var coords = new double[grid.Length];
        for (var i = 0; i < grid.Length; i += 2)
        {
            coords[i] = grid[i] * image.Width;
            coords[i + 1] = grid[i + 1] * image.Height;
        }

        using var raw = tensor(coords, [64, 1, 2]);
        return (predictor.Transform.ApplyCoords(raw, (image.Height, image.Width)), ones(64, 1, int64));
    }
}
