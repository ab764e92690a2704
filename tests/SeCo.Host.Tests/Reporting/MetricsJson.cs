using System.Text.Json;

namespace SeCo.Host.Tests.Reporting;

/// <summary>The values of a metrics.json read independently of the report code.</summary>
internal static class MetricsJson
{
    public static readonly string[] SummaryKeys = ["mIoU", "labelledMIoU", "pixelAccuracy", "labelledPixelAccuracy", "coverage"];

    public static double? Value(JsonElement root, string key) =>
        root.GetProperty(key).ValueKind == JsonValueKind.Null ? null : root.GetProperty(key).GetDouble();

    /// <summary>Checks every summary value and class IoU of <paramref name="metricsPath"/> against the report's table cells.</summary>
    public static void ShouldEqualReport(string metricsPath, string labels, ReportHtml html)
    {
        using var metrics = JsonDocument.Parse(File.ReadAllBytes(metricsPath));
        var root = metrics.RootElement;
        var summary = html.SummaryCells();
        foreach (var key in SummaryKeys)
        {
            var expected = Value(root, key);
            summary.Should().ContainKey((labels, key));
            summary[(labels, key)].Value.Should().Be(expected, $"{labels} {key} is stored as is");
            summary[(labels, key)].Shown.Should().Be(ReportHtml.Shown(expected), $"{labels} {key} is shown with two decimals");
        }

        summary[(labels, "images")].Value.Should().Be(root.GetProperty("images").GetInt32());
        var classes = html.ClassCells();
        foreach (var cls in root.GetProperty("classes").EnumerateArray())
        {
            var id = cls.GetProperty("id").GetInt32();
            var expected = Value(cls, "iou");
            classes[(id, labels)].Value.Should().Be(expected, $"{labels} class {id} IoU is stored as is");
            classes[(id, labels)].Shown.Should().Be(ReportHtml.Shown(expected));
        }
    }
}
