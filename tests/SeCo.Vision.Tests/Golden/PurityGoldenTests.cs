using SeCo.Testing;
using SeCo.Vision.Checkpoints;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Purity;

namespace SeCo.Vision.Tests.Golden;

/// <summary>
/// <c>golden/geometry/purity_*</c> and <c>golden/psa/purity</c>: the reference <c>Calculate_purity(label, 8, 19)</c>
/// maps (and, for the small map, the 17×17 window counts of its depthwise convolution).
/// </summary>
public sealed class PurityGoldenTests
{
    /// <summary>README: "a port should match to ~1e-6 absolute" (float32 log / sum order).</summary>
    private const double PurityTolerance = 1e-6;

    private const int NumClasses = 19;

    [Theory]
    [InlineData("purity_lm_064x128_seed31")]
    [InlineData("purity_lm_256x512_seed32")]
    public void Purity_map_matches_Calculate_purity(string name)
    {
        var labels = LabelMapIO.Read(GoldenData.PathOf("geometry", name + ".png"));
        var expected = ReadFloats(GoldenData.PathOf("geometry", name + "_purity.safetensors"), "purity");

        var purity = SpatialPurity.Compute(labels.Data, labels.Width, labels.Height, NumClasses);

        ShouldMatch(purity, expected, PurityTolerance);
    }

    [Fact]
    public void Window_counts_match_the_reference_box_convolution()
    {
        var labels = LabelMapIO.Read(GoldenData.PathOf("geometry", "purity_lm_064x128_seed31.png"));
        var expected = ReadFloats(GoldenData.PathOf("geometry", "purity_lm_064x128_seed31_purity.safetensors"), "window_counts");

        var counts = SpatialPurity.WindowCounts(labels.Data, labels.Width, labels.Height, NumClasses);

        counts.Should().Equal(expected);
    }

    [Theory]
    [InlineData("synth_000")]
    [InlineData("synth_001")]
    [InlineData("synth_002")]
    public void Purity_of_psa_pseudo_labels_matches_the_reference_run(string name)
    {
        var labels = LabelMapIO.Read(GoldenData.PathOf("psa", "data", "psd_label", "train", name + ".png"));
        var expected = ReadFloats(GoldenData.PathOf("psa", "purity", name + ".safetensors"), "purity");

        var purity = SpatialPurity.Compute(labels.Data, labels.Width, labels.Height, NumClasses);

        ShouldMatch(purity, expected, PurityTolerance);
    }

    [Fact]
    public void Purity_leaves_the_callers_label_map_unchanged()
    {
        var labels = LabelMapIO.Read(GoldenData.PathOf("geometry", "purity_lm_064x128_seed31.png"));
        var before = (byte[])labels.Data.Clone();

        _ = SpatialPurity.Compute(labels.Data, labels.Width, labels.Height, NumClasses);

        labels.Data.Should().Equal(before, "the reference's in-place 255 → 19 rewrite is a quirk a port must not copy");
        labels.Data.Should().Contain(LabelMap.Ignore);
    }

    internal static float[] ReadFloats(string path, string key)
    {
        var tensors = SafeTensors.Load(path);
        try
        {
            return tensors[key].contiguous().data<float>().ToArray();
        }
        finally
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }
        }
    }

    private static void ShouldMatch(float[] actual, float[] expected, double tolerance)
    {
        actual.Should().HaveCount(expected.Length);
        var worst = 0.0;
        var worstAt = -1;
        for (var i = 0; i < actual.Length; i++)
        {
            var diff = Math.Abs((double)actual[i] - expected[i]);
            if (diff > worst)
            {
                worst = diff;
                worstAt = i;
            }
        }

        worst.Should().BeLessThanOrEqualTo(tolerance, "the largest difference is at index {0}", worstAt);
    }
}
