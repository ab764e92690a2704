using System.Text.Json;
using SeCo.Plugins.Eval;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Stages;
using SeCo.Testing;

namespace Eval.Tests.Golden;

/// <summary>Scores the golden PSA pseudo-labels (psa/data/psd_label) against their ground truth (psa/data/gtFine).</summary>
public sealed class EvalMiouGoldenTests
{
    // Percentages are ratios of integer pixel counts; 1e-9 only absorbs float formatting.
    private const double CountRatioTolerance = 1e-9;

    // Expected values from an independent NumPy computation over the three images:
    //   g = np.array(Image.open(gt)); p = np.array(Image.open(psd)); v = g != 255
    //   per class c: inter = sum((g[v]==c)&(p[v]==c)), union = sum(g[v]==c) + sum(p[v]==c) - inter
    //   iou = inter/union (NaN when union is 0), mIoU = nanmean(iou);
    //   labelled: the same with g[v]==c restricted to p != 255; coverage = sum(p != 255) / p.size.
    private static readonly double[] s_expectedClassIoU =
    [
        95.510747185261, 84.42696377582443, 85.69431903919653, 59.83064849235853, 54.601226993865026,
        24.605954465849386, 27.075812274368232, 45.47069271758437, 55.0430504305043, 87.78186658315065,
        94.63774915623628, 39.39969604863222, 14.23611111111111, 61.61128812016386, 57.17656311443178,
        88.3160237388724, 84.37392795883362, 12.267657992565056, 25.862068965517242,
    ];

    [Fact]
    public async Task Golden_psa_pseudo_labels_score_as_numpy_computes()
    {
        var data = GoldenData.PathOf("psa", "data");
        var ids = new[] { "synth_000", "synth_001", "synth_002" };
        var images = new ImageSet(data, ids.Select(id => new ImageItem(id, $"leftImg8bit/train/{id}_leftImg8bit.png",
            $"gtFine/train/{id}_gtFine_labelTrainIds.png")).ToArray());
        var labels = new LabelSet(data, ids.Select(id => new LabelItem(id, $"psd_label/train/{id}.png")).ToArray());
        using var output = new TempDirectory();
        var inputs = new StageInputs(new Dictionary<string, Artifact> { ["images"] = images, ["labels"] = labels });

        var outputs = await new EvalMiouStage().RunAsync(TestStage.Context(output.Path), new EvalMiouOptions(), inputs, CancellationToken.None);

        var report = (Report)outputs.Artifacts["report"];
        report.Metrics["mIoU"].Should().BeApproximately(57.78538779812242, CountRatioTolerance);
        report.Metrics["pixelAccuracy"].Should().BeApproximately(89.77839152018228, CountRatioTolerance);
        report.Metrics["labelledMIoU"].Should().BeApproximately(67.65051073540171, CountRatioTolerance);
        report.Metrics["coverage"].Should().BeApproximately(92.21420288085938, CountRatioTolerance);
        using var metrics = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(report.Root, "metrics.json")));
        var classes = metrics.RootElement.GetProperty("classes").EnumerateArray().ToArray();
        classes.Should().HaveCount(19);
        for (var c = 0; c < 19; c++)
        {
            classes[c].GetProperty("iou").GetDouble().Should().BeApproximately(s_expectedClassIoU[c], CountRatioTolerance, $"class {c}");
        }

        metrics.RootElement.GetProperty("labelledPixelAccuracy").GetDouble().Should().BeApproximately(97.35852907189997, CountRatioTolerance);
        metrics.RootElement.GetProperty("images").GetInt32().Should().Be(3);
    }
}
