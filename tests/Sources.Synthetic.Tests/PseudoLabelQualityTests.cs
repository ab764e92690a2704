using SeCo.Plugins.Sources.Synthetic;
using SeCo.Vision.Metrics;
using Xunit.Abstractions;

namespace Sources.Synthetic.Tests;

/// <summary>The default pseudo-labels must look like a real UDA model's (ProDA/CBST on Cityscapes).</summary>
public sealed class PseudoLabelQualityTests(ITestOutputHelper output)
{
    private const int Classes = 19;
    private const byte Ignore = 255;

    private static readonly Lazy<(byte[] Truth, byte[] Pseudo, int Width, int Height)[]> s_defaultSet = new(() =>
        Generate(new SyntheticSourceOptions()));

    [Fact]
    public void Default_pseudo_labels_have_the_quality_of_a_real_adapted_model()
    {
        var scores = Score(s_defaultSet.Value);
        output.WriteLine($"labelled mIoU {scores.LabelledMeanIoU:P1}, all-pixel mIoU {scores.MeanIoU:P1}, coverage {scores.Coverage:P1}, " +
            $"labelled pixel accuracy {scores.LabelledPixelAccuracy:P1}");
        output.WriteLine(string.Join(" ", scores.LabelledClassIoU.Select((v, c) => $"{c}:{v:F2}")));

        scores.LabelledMeanIoU.Should().BeInRange(0.50, 0.70);
        scores.Coverage.Should().BeInRange(0.72, 0.92);
        scores.LabelledPixelAccuracy.Should().BeInRange(0.85, 0.98);
        scores.LabelledClassIoU.Where(v => !double.IsNaN(v)).Should().HaveCountGreaterThanOrEqualTo(16, "most classes appear in 24 scenes");
    }

    [Fact]
    public void Confident_cores_are_correct()
    {
        // Far from every true border, a pseudo-label that is not ignore is right except where a whole
        // object or a stuff patch was confused (a few percent of the pixels).
        long labelled = 0, correct = 0;
        foreach (var (truth, pseudo, width, height) in s_defaultSet.Value)
        {
            for (var y = 8; y < height - 8; y++)
            {
                for (var x = 8; x < width - 8; x++)
                {
                    var i = y * width + x;
                    if (pseudo[i] == Ignore || truth[i] == Ignore || !UniformAround(truth, width, x, y, 8))
                    {
                        continue;
                    }

                    labelled++;
                    correct += pseudo[i] == truth[i] ? 1 : 0;
                }
            }
        }

        ((double)correct / labelled).Should().BeGreaterThan(0.9);
    }

    [Fact]
    public void Pseudo_labels_show_the_errors_of_a_real_model()
    {
        var matrix = new long[Classes, Classes];
        var thingClasses = new HashSet<int>();
        var stuffClasses = new HashSet<int>();
        foreach (var (truth, pseudo, _, _) in s_defaultSet.Value)
        {
            pseudo.Should().Contain(Ignore, "confidence thresholding leaves ignore in every image");
            pseudo.Count(v => v == Ignore).Should().BeLessThan(pseudo.Length / 2);
            for (var i = 0; i < truth.Length; i++)
            {
                if (truth[i] < Classes && pseudo[i] < Classes)
                {
                    matrix[truth[i], pseudo[i]]++;
                }

                if (truth[i] < Classes)
                {
                    (truth[i] is 6 or 7 || truth[i] >= 11 ? thingClasses : stuffClasses).Add(truth[i]);
                }
            }
        }

        thingClasses.Should().HaveCountGreaterThanOrEqualTo(7);
        stuffClasses.Should().HaveCountGreaterThanOrEqualTo(8);
        matrix[13, 14].Should().BePositive("cars are taken for trucks");
        matrix[11, 12].Should().BePositive("people are taken for riders");
        matrix[1, 0].Should().BePositive("pavement is taken for road");
        matrix[9, 8].Should().BePositive("terrain is taken for vegetation");
        matrix[2, 5].Should().BePositive("false-positive poles appear on buildings");
        (matrix[5, 5] / (double)Enumerable.Range(0, Classes).Sum(c => matrix[5, c])).Should().BeLessThan(0.95, "thin poles are partly missed");
        (matrix[10, 10] / (double)Enumerable.Range(0, Classes).Sum(c => matrix[10, c])).Should().BeGreaterThan(0.95, "sky is easy");
    }

    [Fact]
    public void Without_noise_the_pseudo_labels_equal_the_ground_truth()
    {
        var clean = new SyntheticSourceOptions
        {
            Count = 3,
            BoundaryNoise = 0,
            IgnoreBand = 0,
            IgnoreFraction = 0,
            SpeckleRate = 0,
            InstanceConfusion = 0,
            StuffConfusionBlobs = 0,
            FalsePositiveBlobs = 0,
            ThinClassMissRate = 0,
        };

        foreach (var (truth, pseudo, _, _) in Generate(clean))
        {
            pseudo.Should().Equal(truth);
        }
    }

    [Fact]
    public void More_noise_gives_worse_pseudo_labels_on_the_same_scenes()
    {
        var mild = new SyntheticSourceOptions { Count = 6 };
        var harsh = mild with { BoundaryNoise = 8, InstanceConfusion = 0.6, StuffConfusionBlobs = 15, SpeckleRate = 0.02, IgnoreBand = 1 };
        var mildSet = Generate(mild);
        var harshSet = Generate(harsh);

        for (var i = 0; i < mildSet.Length; i++)
        {
            harshSet[i].Truth.Should().Equal(mildSet[i].Truth, "noise options change the pseudo-labels, never the scene");
        }

        Score(harshSet).LabelledMeanIoU.Should().BeLessThan(Score(mildSet).LabelledMeanIoU - 0.05);
    }

    private static (byte[] Truth, byte[] Pseudo, int Width, int Height)[] Generate(SyntheticSourceOptions options)
    {
        var set = new (byte[], byte[], int, int)[options.Count];
        for (var i = 0; i < options.Count; i++)
        {
            var (scene, pseudo) = SyntheticSourceStage.Generate(seed: 0, i, options);
            set[i] = (scene.Labels, pseudo!, scene.Width, scene.Height);
        }

        return set;
    }

    private static SegmentationScores Score((byte[] Truth, byte[] Pseudo, int Width, int Height)[] set)
    {
        var matrix = new ConfusionMatrix(Classes);
        foreach (var (truth, pseudo, _, _) in set)
        {
            matrix.Add(truth, pseudo);
        }

        return matrix.Score();
    }

    private static bool UniformAround(byte[] labels, int width, int x, int y, int radius)
    {
        var v = labels[y * width + x];
        for (var dy = -radius; dy <= radius; dy += 2)
        {
            for (var dx = -radius; dx <= radius; dx += 2)
            {
                if (labels[(y + dy) * width + x + dx] != v)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
