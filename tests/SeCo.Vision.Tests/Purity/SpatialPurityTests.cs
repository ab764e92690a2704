using SeCo.Vision.Purity;

namespace SeCo.Vision.Tests.Purity;

public sealed class SpatialPurityTests
{
    /// <summary>The spec's oracle values are printed with six decimals.</summary>
    private const double SpecOracleTolerance = 1e-6;

    [Fact]
    public void Three_by_three_radius_one_map_matches_the_spec_oracle()
    {
        byte[] labels =
        [
            0, 0, 1,
            0, 255, 1,
            2, 2, 1,
        ];
        double[] expected =
        [
            0.562333, 1.011401, 1.039718,
            1.011401, 1.329657, 1.242449,
            1.039718, 1.329657, 1.039718,
        ];

        var purity = SpatialPurity.Compute(labels, 3, 3, numClasses: 19, radius: 1);

        for (var i = 0; i < expected.Length; i++)
        {
            ((double)purity[i]).Should().BeApproximately(expected[i], SpecOracleTolerance, "pixel {0}", i);
        }
    }

    [Fact]
    public void Uniform_window_gives_the_slightly_negative_float32_entropy()
    {
        var labels = new byte[20 * 30];
        labels.AsSpan().Fill(7);

        var purity = SpatialPurity.Compute(labels, 30, 20, numClasses: 19);

        purity.Should().OnlyContain(v => v == -MathF.Log(1f + 1e-6f));
        purity[0].Should().BeApproximately(-9.5367e-07f, 1e-11f);
    }

    [Fact]
    public void Every_ignore_value_becomes_the_extra_class_and_takes_the_map_maximum()
    {
        var labels = new byte[16 * 16];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = (byte)(i % 5);
        }

        labels[17] = 255;
        labels[200] = 19; // == numClasses: also ignore

        var purity = SpatialPurity.Compute(labels, 16, 16, numClasses: 19, radius: 2);

        var max = purity.Max();
        purity[17].Should().Be(max);
        purity[200].Should().Be(max);
        purity.Count(v => v == max).Should().BeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public void Window_counts_are_clipped_at_the_border_and_put_ignore_in_the_last_channel()
    {
        var labels = new byte[6 * 5];
        labels.AsSpan().Fill(3);
        labels[0] = 255;

        var counts = SpatialPurity.WindowCounts(labels, 6, 5, numClasses: 4, radius: 1);

        var plane = 6 * 5;
        counts.Should().HaveCount(5 * plane);
        counts[(3 * plane) + 0].Should().Be(3, "the corner window holds 2×2 pixels, one of them ignore");
        counts[(4 * plane) + 0].Should().Be(1);
        counts[(3 * plane) + (2 * 6) + 2].Should().Be(9, "an interior window holds 3×3 pixels");
        counts[(4 * plane) + (2 * 6) + 2].Should().Be(0);
    }

    [Fact]
    public void Purity_equals_a_direct_window_histogram_entropy_on_a_random_map()
    {
        const int width = 23, height = 17, classes = 6, radius = 3;
        var random = new Random(5);
        var labels = new byte[width * height];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = random.Next(10) == 0 ? (byte)255 : (byte)random.Next(classes);
        }

        var purity = SpatialPurity.Compute(labels, width, height, classes, radius);

        var direct = new float[labels.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var histogram = new int[classes + 1];
                var n = 0;
                for (var wy = Math.Max(0, y - radius); wy <= Math.Min(height - 1, y + radius); wy++)
                {
                    for (var wx = Math.Max(0, x - radius); wx <= Math.Min(width - 1, x + radius); wx++)
                    {
                        histogram[Math.Min((int)labels[(wy * width) + wx], classes)]++;
                        n++;
                    }
                }

                var sum = 0f;
                foreach (var count in histogram)
                {
                    var d = count / (float)n;
                    sum += -d * MathF.Log(d + 1e-6f);
                }

                direct[(y * width) + x] = sum;
            }
        }

        var max = direct.Max();
        for (var i = 0; i < labels.Length; i++)
        {
            var expected = labels[i] >= classes ? max : direct[i];
            purity[i].Should().Be(expected, "pixel {0}", i);
        }
    }

    [Fact]
    public void Too_short_label_map_is_rejected()
    {
        var act = () => SpatialPurity.Compute(new byte[10], 4, 3, numClasses: 19);

        act.Should().Throw<ArgumentException>();
    }
}
