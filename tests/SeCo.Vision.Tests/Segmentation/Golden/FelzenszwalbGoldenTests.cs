using System.Text.Json;
using SeCo.Testing;
using SeCo.Vision.Checkpoints;
using SeCo.Vision.Imaging;
using SeCo.Vision.Segmentation;
using Xunit.Abstractions;

namespace SeCo.Vision.Tests.Segmentation.Golden;

/// <summary><c>golden/felzenszwalb</c>: scikit-image 0.19.3 <c>felzenszwalb</c> on the hand-made image and three scenes.</summary>
public sealed class FelzenszwalbGoldenTests(ITestOutputHelper output)
{
    /// <summary>README: "adjusted Rand index ≥ 0.98" on the scenes (edge-weight ties and rounding).</summary>
    private const double SceneAdjustedRandTolerance = 0.98;

    /// <summary>README: "segment counts within 2%" on the scenes.</summary>
    private const double SceneSegmentCountTolerance = 0.02;

    public static TheoryData<string> SceneCases() => CaseKeys("scene_");

    public static TheoryData<string> HandmadeCases() => CaseKeys("tiny_handmade");

    [Theory]
    [MemberData(nameof(HandmadeCases))]
    public void Handmade_image_segments_exactly_as_scikit_image(string key)
    {
        var (segments, expected, expectedCount) = Run(key);

        segments.Count.Should().Be(expectedCount);
        segments.Labels.Should().Equal(expected);
    }

    [Theory]
    [MemberData(nameof(SceneCases))]
    public void Scene_partition_agrees_with_scikit_image(string key)
    {
        var (segments, expected, expectedCount) = Run(key);

        var ari = AdjustedRandIndex.Compute(segments.Labels, expected);
        output.WriteLine($"{key}: ARI {ari:F5}, segments {segments.Count} (scikit-image {expectedCount}), identical labels: {segments.Labels.AsSpan().SequenceEqual(expected)}");
        ari.Should().BeGreaterThanOrEqualTo(SceneAdjustedRandTolerance);
        segments.Count.Should().BeCloseTo(expectedCount, (uint)Math.Ceiling(expectedCount * SceneSegmentCountTolerance));
    }

    [Theory]
    [MemberData(nameof(SceneCases))]
    public void Every_scene_segment_reaches_the_minimum_size(string key)
    {
        var (segments, _, _) = Run(key);
        var parameters = Case(key).Parameters;

        segments.Sizes().Min().Should().BeGreaterThanOrEqualTo(parameters.MinSize);
    }

    private static (SegmentMap Segments, int[] Expected, int ExpectedCount) Run(string key)
    {
        var testCase = Case(key);
        var image = RgbImageIO.Read(GoldenData.PathOf("felzenszwalb", testCase.Image));
        var segments = FelzenszwalbSegmentation.Segment(image, testCase.Parameters);
        return (segments, ReadSegments(key), testCase.Count);
    }

    private static TheoryData<string> CaseKeys(string prefix)
    {
        var data = new TheoryData<string>();
        foreach (var testCase in Cases().Where(c => c.Image.StartsWith(prefix, StringComparison.Ordinal)))
        {
            data.Add(testCase.Key);
        }

        return data;
    }

    private static GoldenCase Case(string key) => Cases().Single(c => c.Key == key);

    private static List<GoldenCase> Cases()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(GoldenData.PathOf("felzenszwalb", "cases.json")));
        var cases = new List<GoldenCase>();
        foreach (var item in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            var parameters = item.GetProperty("params");
            cases.Add(new GoldenCase(
                item.GetProperty("segments_key").GetString()!,
                item.GetProperty("image").GetString()!,
                new FelzenszwalbParameters
                {
                    Scale = parameters.GetProperty("scale").GetDouble(),
                    Sigma = parameters.GetProperty("sigma").GetDouble(),
                    MinSize = parameters.GetProperty("min_size").GetInt32(),
                },
                item.GetProperty("n_segments").GetInt32()));
        }

        return cases;
    }

    private static int[] ReadSegments(string key)
    {
        var tensors = SafeTensors.Load(GoldenData.PathOf("felzenszwalb", "segments.safetensors"));
        try
        {
            return tensors[key].contiguous().data<long>().Select(v => (int)v).ToArray();
        }
        finally
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }
        }
    }

    private sealed record GoldenCase(string Key, string Image, FelzenszwalbParameters Parameters, int Count);
}
