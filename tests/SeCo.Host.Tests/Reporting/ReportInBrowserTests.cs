using System.Text.Json;
using SeCo.Host.Running;
using SeCo.Plugins.HtmlReport;
using SeCo.Testing;
using SeCo.Vision.Imaging;

namespace SeCo.Host.Tests.Reporting;

/// <summary>
/// Opens report.html in a real headless Chromium: it renders, every image loads, nothing is logged as an error,
/// and the numbers the page shows equal the metrics.json files. The full-page screenshot is kept under
/// <c>TestResults/report/</c> (CI keeps that folder). Chromium is required: without it the test fails and says how
/// to install it.
/// </summary>
public sealed class ReportInBrowserTests : IDisposable
{
    private const string ReadPage = """
        (() => {
          const images = [...document.images];
          return {
            title: document.title,
            images: images.length,
            broken: images.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.alt),
            svgs: document.querySelectorAll('svg.chart').length,
            bars: document.querySelectorAll('svg.chart rect[height]').length,
            cells: [...document.querySelectorAll('td[data-metric]')].map(td => ({
              labels: td.dataset.labels ?? td.closest('tr').dataset.labels,
              cls: td.closest('tr').dataset.class ?? null,
              metric: td.dataset.metric,
              value: td.dataset.value,
              text: td.textContent,
              visible: td.getBoundingClientRect().width > 0,
            })),
            width: document.documentElement.scrollWidth,
          };
        })()
        """;

    private readonly RunFolderFixture _run = new(imageCount: 4);

    public void Dispose() => _run.Dispose();

    [Fact]
    public async Task Report_renders_in_headless_chromium_with_every_image_loaded_no_errors_and_the_numbers_of_metrics_json()
    {
        var report = TestReport.Write(_run.Directory, new RunReportOptions { Samples = 4 });
        await using var chromium = await HeadlessChromium.StartAsync();

        await chromium.LoadAsync(new Uri(report).AbsoluteUri);
        var page = await chromium.EvaluateAsync(ReadPage);
        var screenshot = Path.Combine(GoldenData.RepositoryRoot, "TestResults", "report", "fixture-report.png");
        await chromium.ScreenshotAsync(screenshot);

        chromium.Errors.Should().BeEmpty("the report logs no console errors and throws nothing");
        page.GetProperty("title").GetString().Should().Be("SeCo report · fixture");
        page.GetProperty("images").GetInt32().Should().Be(4 * 7, "4 samples × (image, 4 label sets, ground truth, error map)");
        page.GetProperty("broken").EnumerateArray().Should().BeEmpty("every image decodes");
        page.GetProperty("svgs").GetInt32().Should().Be(2);
        page.GetProperty("bars").GetInt32().Should().BeGreaterThan(10);

        var cells = page.GetProperty("cells").EnumerateArray().ToList();
        cells.Should().OnlyContain(c => c.GetProperty("visible").GetBoolean());
        foreach (var (eval, labels) in new[] { ("eval", "source.labels"), ("eval_psa", "psa.labels"), ("eval_scc", "scc.labels"), ("eval_adapt", "adapt.labels") })
        {
            using var metrics = JsonDocument.Parse(File.ReadAllBytes(_run.MetricsFiles[eval]));
            foreach (var key in MetricsJson.SummaryKeys)
            {
                var cell = cells.Single(c => c.GetProperty("labels").GetString() == labels && c.GetProperty("metric").GetString() == key);
                var expected = MetricsJson.Value(metrics.RootElement, key);
                Rendered(cell).Should().Be(expected, $"{labels} {key}");
                cell.GetProperty("text").GetString().Should().Be(ReportHtml.Shown(expected));
            }

            foreach (var cls in metrics.RootElement.GetProperty("classes").EnumerateArray())
            {
                var id = cls.GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
                var cell = cells.Single(c => c.GetProperty("labels").GetString() == labels && c.GetProperty("cls").ValueKind == JsonValueKind.String && c.GetProperty("cls").GetString() == id);
                Rendered(cell).Should().Be(MetricsJson.Value(cls, "iou"), $"{labels} class {id}");
            }
        }

        var shot = RgbImageIO.Read(screenshot);
        shot.Width.Should().BeGreaterThan(1000);
        shot.Height.Should().BeGreaterThan(1000, "the screenshot covers the whole page");
    }

    [Fact]
    public async Task At_1280_px_the_page_has_no_horizontal_overflow()
    {
        using var wide = new RunFolderFixture(imageCount: 6);
        var stage = RunFolderReader.Read(wide.Directory).Find("scc")!;
        using (var log = SeCo.Vision.Training.TrainingLog.Open(stage.OutputDirectory))
        {
            for (var step = 1; step <= 50; step++)
            {
                log.Scalar("train/loss", step, 3.0 / Math.Sqrt(step));
            }
        }

        var report = TestReport.Write(wide.Directory, new RunReportOptions { Samples = 6, ThumbnailWidth = 480 });
        await using var chromium = await HeadlessChromium.StartAsync(width: 1280, height: 900);

        await chromium.LoadAsync(new Uri(report).AbsoluteUri);
        var page = await chromium.EvaluateAsync("""({ width: document.documentElement.scrollWidth, viewport: window.innerWidth })""");
        var screenshot = Path.Combine(GoldenData.RepositoryRoot, "TestResults", "report", "report-1280.png");
        await chromium.ScreenshotAsync(screenshot);

        chromium.Errors.Should().BeEmpty();
        page.GetProperty("viewport").GetInt32().Should().Be(1280);
        page.GetProperty("width").GetInt32().Should().BeLessThanOrEqualTo(1280, "7 panels of 480 px per sample row must shrink or wrap, not overflow");
        RgbImageIO.Read(screenshot).Width.Should().BeLessThanOrEqualTo(1280);
    }

    [Fact]
    public async Task The_browser_check_sees_a_broken_image_a_console_error_and_an_uncaught_exception()
    {
        using var page = new TempDirectory("seco-broken-page");
        var path = page.File("broken.html");
        await File.WriteAllTextAsync(path, """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>broken</title></head><body>
            <img alt="bad" src="data:image/png;base64,AAAA"><img alt="good" src="data:image/gif;base64,R0lGODlhAQABAAAAACwAAAAAAQABAAA=">
            <script>console.error("boom"); undefinedFunction();</script></body></html>
            """);
        await using var chromium = await HeadlessChromium.StartAsync();

        await chromium.LoadAsync(new Uri(path).AbsoluteUri);
        var result = await chromium.EvaluateAsync(ReadPage);

        result.GetProperty("broken").EnumerateArray().Select(b => b.GetString()).Should().Equal("bad");
        chromium.Errors.Should().Contain(e => e.StartsWith("console.error", StringComparison.Ordinal) && e.Contains("boom"));
        chromium.Errors.Should().Contain(e => e.StartsWith("uncaught exception", StringComparison.Ordinal) && e.Contains("undefinedFunction"));
    }

    private static double? Rendered(JsonElement cell) =>
        cell.GetProperty("value").GetString() is "null" ? null : double.Parse(cell.GetProperty("value").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
}
