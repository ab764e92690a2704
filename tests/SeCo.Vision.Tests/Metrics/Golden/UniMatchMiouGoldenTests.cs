using System.Text.Json;
using SeCo.Testing;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Metrics;
using SeCo.Vision.Tests.LabelMaps.Golden;

namespace SeCo.Vision.Tests.Metrics.Golden;

/// <summary>
/// Against UniMatch's <c>intersectionAndUnion</c> (unimatch/README.md, <c>miou/</c>). Counts are integers,
/// so they must match exactly, except where the reference's histogram quirk files a stray prediction
/// of 19 under class 18 (pair 2): we count such pixels as misses of no class.
/// </summary>
public sealed class UniMatchMiouGoldenTests
{
    private const int StrayQuirkClass = 18;

    // The README says mIoU is bit-identical across thread counts; counts are exact here, but the
    // reference divides by (union + 1e-10), so IoUs (in percent) differ from ours by < 1e-8.
    private const double ReferenceUnionEpsilonTolerancePercent = 1e-6;

    // IoU from exact integer counts: only float rounding.
    private const double CountRatioTolerance = 1e-12;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Intersection_and_union_per_class_match_unimatch(int pair)
    {
        var matrix = new ConfusionMatrix(19);
        matrix.Add(GroundTruth(pair), Prediction(pair));
        var expected = Case(pair);

        var scores = matrix.Score();
        for (var c = 0; c < 19; c++)
        {
            if (pair == 2 && c == StrayQuirkClass)
            {
                continue;
            }

            var union = expected.Union[c];
            var iou = union == 0 ? double.NaN : (double)expected.Intersection[c] / union;
            matrix[c, c].Should().Be(expected.Intersection[c], $"intersection of class {c}");
            if (double.IsNaN(iou))
            {
                double.IsNaN(scores.ClassIoU[c]).Should().BeTrue($"class {c} has an empty union");
            }
            else
            {
                scores.ClassIoU[c].Should().BeApproximately(iou, CountRatioTolerance, $"IoU of class {c}");
            }
        }
    }

    [Fact]
    public void Accumulated_iou_matches_unimatch_evaluate_outside_the_quirk_class()
    {
        var matrix = new ConfusionMatrix(19);
        for (var pair = 0; pair < 3; pair++)
        {
            matrix.Add(GroundTruth(pair), Prediction(pair));
        }

        using var cases = JsonDocument.Parse(File.ReadAllBytes(GoldenData.PathOf("unimatch", "miou", "miou_cases.json")));
        var expected = cases.RootElement.GetProperty("iou_class_percent").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var scores = matrix.Score();
        for (var c = 0; c < 19; c++)
        {
            if (c != StrayQuirkClass)
            {
                (scores.ClassIoU[c] * 100).Should().BeApproximately(expected[c], ReferenceUnionEpsilonTolerancePercent, $"class {c}");
            }
        }
    }

    private static LabelMap GroundTruth(int pair) => LabelMapIO.Read(GoldenData.PathOf("unimatch", "miou", $"pair{pair}_gt.png"));

    private static LabelMap Prediction(int pair)
    {
        var (shape, values) = TestSafetensors.ReadInt64(GoldenData.PathOf("unimatch", "miou", "preds.safetensors"), $"pair{pair}_pred");
        var map = new LabelMap(shape[1], shape[0]);
        for (var i = 0; i < values.Length; i++)
        {
            map.Data[i] = checked((byte)values[i]);
        }

        return map;
    }

    private static (long[] Intersection, long[] Union) Case(int pair)
    {
        using var cases = JsonDocument.Parse(File.ReadAllBytes(GoldenData.PathOf("unimatch", "miou", "miou_cases.json")));
        var entry = cases.RootElement.GetProperty("pairs")[pair];
        return (entry.GetProperty("area_intersection").EnumerateArray().Select(e => e.GetInt64()).ToArray(),
            entry.GetProperty("area_union").EnumerateArray().Select(e => e.GetInt64()).ToArray());
    }
}
