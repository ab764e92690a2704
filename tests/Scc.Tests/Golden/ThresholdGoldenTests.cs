using System.Text.Json;
using SeCo.Plugins.Scc.Thresholds;
using SeCo.Testing;
using SeCo.Vision.Regions;
using SeCo.Vision.Rle;

namespace Scc.Tests.Golden;

public sealed class ThresholdGoldenTests
{
    public static TheoryData<int> CaseIndices()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Cases().GetArrayLength(); i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void Determine_threshold_matches_python_semantics(int index)
    {
        var c = Cases()[index];
        var values = c.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var ratio = c.GetProperty("target_ratio").GetDouble();
        if (c.TryGetProperty("raises", out _))
        {
            var call = () => ThresholdSelector.Determine(values, ratio);
            call.Should().Throw<ArgumentException>();
            return;
        }

        ThresholdSelector.Determine(values, ratio).Should().Be(c.GetProperty("threshold").GetDouble());
    }

    [Fact]
    public void Converted_records_match_convert_json_2input_byte_for_byte()
    {
        var predictions = new List<RegionPrediction>();
        using (var document = JsonDocument.Parse(File.ReadAllText(GoldenData.PathOf("scc", "filters", "evaluate_results.json"))))
        {
            foreach (var r in document.RootElement.EnumerateArray())
            {
                var seg = r.GetProperty("segmentation");
                var size = seg.GetProperty("size");
                predictions.Add(new RegionPrediction(
                    r.GetProperty("name").GetString()!,
                    CocoRle.FromString(seg.GetProperty("counts").GetString()!, size[0].GetInt32(), size[1].GetInt32()),
                    r.GetProperty("loss").GetDouble(),
                    r.GetProperty("score").GetDouble(),
                    r.GetProperty("pred_id").GetInt32(),
                    r.GetProperty("psl_id").GetInt32(),
                    new TrueLabel(r.GetProperty("true_id").GetInt32(), r.GetProperty("purity").GetDouble(), r.GetProperty("positive").GetInt32() != 0)));
            }
        }

        var images = RegionCorrection.Build(predictions, 0.5);

        using var summary = JsonDocument.Parse(File.ReadAllText(GoldenData.PathOf("scc", "filters", "convert_thresholds.json")));
        var expectedFiles = summary.RootElement.GetProperty("output_files").EnumerateArray().Select(e => e.GetString()!).ToArray();
        images.Select(i => i.RelativePath).Should().BeEquivalentTo(expectedFiles);
        foreach (var image in images)
        {
            var expected = File.ReadAllText(GoldenData.PathOf(["scc", "filters", "converted", .. image.RelativePath.Split('/')]));
            RegionRecordJson.Serialize(image.Records).Should().Be(expected, image.RelativePath);
        }

        images[0].Records[0].GlobalLossThreshold.Should().Be(summary.RootElement.GetProperty("global_loss_threshold_mean_of_local").GetDouble());
        images[0].Records[0].GlobalScoreThreshold.Should().Be(summary.RootElement.GetProperty("global_score_threshold_mean_of_local").GetDouble());
    }

    [Fact]
    public void Spec_example_thresholds_use_predicted_classes_and_mean_of_local()
    {
        double[] loss = [0.2, 1.5, 0.1, 0.9, 2.0, 0.3, 0.05];
        double[] score = [0.9, 0.4, 0.95, 0.6, 0.3, 0.8, 0.99];
        int[] pred = [0, 0, 1, 1, 1, 2, 2];

        var t = RegionThresholds.Compute(loss, score, pred, 0.5);

        t.LossThreshold.Should().Be(0.3);
        t.ScoreThreshold.Should().Be(0.8);
        t.LocalLossThresholds.Should().Equal(1.5, 1.5, 0.9, 0.9, 0.9, 0.3, 0.3);
        t.LocalScoreThresholds.Should().Equal(0.9, 0.9, 0.6, 0.6, 0.6, 0.99, 0.99);
        t.GlobalLossThreshold.Should().BeApproximately(0.9, 1e-15);
        t.GlobalScoreThreshold.Should().BeApproximately(0.797142857142857, 1e-12);
    }

    private static JsonElement Cases()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(GoldenData.PathOf("scc", "filters", "determine_threshold_cases.json")));
        return document.RootElement.GetProperty("cases").Clone();
    }
}
