using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Eval.Tests;

/// <summary>
/// Runs the real <c>seco</c> on a small synthetic pipeline scored by eval.miou and checks that the run's
/// report.html shows exactly the numbers eval.miou wrote to metrics.json.
/// </summary>
public sealed partial class RunReportTests : IDisposable
{
    private const string Pipeline = """
        {
          "name": "reported",
          "device": "cpu",
          "seed": 0,
          "taxonomy": "cityscapes19",
          "workspace": "run",
          "stages": [
            { "id": "source", "use": "sources.synthetic", "with": { "count": 3, "width": 128, "height": 64 } },
            { "id": "eval", "use": "eval.miou", "in": { "images": "source.images", "labels": "source.labels" } }
          ]
        }
        """;

    private readonly TempDirectory _temp = new("seco-eval-report");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Report_of_a_real_run_shows_exactly_the_numbers_eval_miou_wrote()
    {
        var pipeline = _temp.File("pipeline.json");
        await File.WriteAllTextAsync(pipeline, Pipeline);

        var (code, output) = await RunSecoAsync("run", pipeline);

        code.Should().Be(0, output);
        var workspace = _temp.File("run");
        var html = await File.ReadAllTextAsync(Path.Combine(workspace, "report.html"));
        var evalFolder = Directory.GetDirectories(workspace, "eval-*").Single();
        using var metrics = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(evalFolder, "metrics.json")));
        var root = metrics.RootElement;
        root.GetProperty("inputs").GetProperty("labels").GetProperty("root").GetString()
            .Should().Be(Directory.GetDirectories(workspace, "source-*").Single(), "metrics.json names the scored label set");

        var cells = Cells(html);
        foreach (var key in new[] { "mIoU", "labelledMIoU", "pixelAccuracy", "labelledPixelAccuracy", "coverage" })
        {
            cells[(null, key)].Value.Should().Be(root.GetProperty(key).GetDouble(), key);
            cells[(null, key)].Shown.Should().Be(root.GetProperty(key).GetDouble().ToString("F2", CultureInfo.InvariantCulture));
        }

        foreach (var cls in root.GetProperty("classes").EnumerateArray())
        {
            var id = cls.GetProperty("id").GetInt32();
            var iou = cls.GetProperty("iou");
            cells[(id, "iou")].Value.Should().Be(iou.ValueKind == JsonValueKind.Null ? null : iou.GetDouble(), cls.GetProperty("name").GetString());
        }

        html.Should().Contain("<tr data-labels=\"source.labels\"><td>source.labels</td><td>eval</td>");
        Regex.Matches(html, "<img [^>]*src=\"data:image/png;base64,").Should().HaveCount(3 * 4, "3 samples × (image, source.labels, ground truth, error map)");
    }

    /// <summary>Numeric cells: (class id or null for the summary row, metric) → (data-value, text).</summary>
    private static Dictionary<(int? Class, string Metric), (double? Value, string Shown)> Cells(string html)
    {
        var cells = new Dictionary<(int?, string), (double?, string)>();
        foreach (Match row in RowPattern().Matches(html))
        {
            int? id = row.Groups["class"].Success ? int.Parse(row.Groups["class"].Value, CultureInfo.InvariantCulture) : null;
            foreach (Match cell in CellPattern().Matches(row.Groups["cells"].Value))
            {
                var value = cell.Groups["value"].Value;
                cells[(id, cell.Groups["metric"].Value)] = (value == "null" ? null : double.Parse(value, CultureInfo.InvariantCulture), WebUtility.HtmlDecode(cell.Groups["shown"].Value));
            }
        }

        return cells;
    }

    private static async Task<(int Code, string Output)> RunSecoAsync(params string[] args)
    {
        var seco = Path.Combine(GoldenData.RepositoryRoot, "artifacts", "seco", "seco");
        File.Exists(seco).Should().BeTrue($"seco is built to {seco} before these tests");
        var info = new ProcessStartInfo(seco) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    [GeneratedRegex("<tr data-(?:labels=\"[^\"]*\"|class=\"(?<class>\\d+)\")>(?<cells>.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("<td class=\"num[^\"]*\" data-metric=\"(?<metric>[^\"]+)\"(?: data-labels=\"[^\"]*\")? data-value=\"(?<value>[^\"]+)\">(?<shown>[^<]*)</td>")]
    private static partial Regex CellPattern();
}
