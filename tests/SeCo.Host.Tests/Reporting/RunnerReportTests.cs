using Microsoft.Extensions.Logging;
using SeCo.Host.Hosting;
using SeCo.Host.Runtime;
using SeCo.Plugins.HtmlReport;
using SeCo.Host.Running;
using SeCo.Host.Tests.Pipelines;
using SeCo.Host.Tests.Plugins;
using SeCo.Host.Tests.Stages;
using SeCo.Sdk.Tensors;

namespace SeCo.Host.Tests.Reporting;

/// <summary>The runner writes report.html into the workspace after every run, and a report failure never fails the run.</summary>
public sealed class RunnerReportTests : IDisposable
{
    private const string Pipeline = """
        {
          "name": "reported",
          "device": "cpu",
          "stages": [
            { "id": "s", "use": "test.source", "with": { "count": 2 } },
            { "id": "t", "use": "test.transform", "in": { "items": "s.items" } }
          ]
        }
        """;

    private readonly PipelineFixture _pipeline = new();
    private readonly RecordingLogger _logger = new();
    private readonly TensorContext _tensors = TensorContext.Create("cpu");

    public void Dispose()
    {
        _tensors.Dispose();
        _pipeline.Dispose();
    }

    [Fact]
    public async Task Every_run_writes_report_html_into_its_workspace_with_the_stage_wiring()
    {
        var (summary, workspace) = await RunAsync();

        summary.State.Should().Be(RunState.Succeeded);
        var html = File.ReadAllText(Path.Combine(workspace, RunReport.FileName));
        html.Should().Contain("<h1>reported</h1>").And.Contain("items ← s.items").And.Contain("No metrics in this run.");
        _logger.Entries.Should().Contain(e => e.Level == LogLevel.Information && e.Message.StartsWith("Report written to", StringComparison.Ordinal));
        RunFolderReader.Read(workspace).Find("t")!.Inputs.Should().Equal(new Dictionary<string, string> { ["items"] = "s.items" });
    }

    [Fact]
    public async Task Run_json_and_the_report_give_each_stage_its_start_seconds_and_share_of_the_run()
    {
        var (summary, workspace) = await RunAsync();

        var stages = RunFolderReader.Read(workspace).Stages;
        stages.Select(s => s.Id).Should().Equal("s", "t");
        foreach (var stage in stages)
        {
            stage.StartSeconds.Should().NotBeNull().And.BeInRange(0, summary.DurationSeconds);
            (stage.StartSeconds!.Value + stage.DurationSeconds).Should().BeLessThanOrEqualTo(summary.DurationSeconds);
        }

        stages[1].StartSeconds.Should().BeGreaterThanOrEqualTo(stages[0].StartSeconds!.Value + stages[0].DurationSeconds, "t starts when s's items are ready");
        var html = File.ReadAllText(Path.Combine(workspace, RunReport.FileName));
        var section = html[html.IndexOf("<section id=\"stage-times\">", StringComparison.Ordinal)..];
        section = section[..(section.IndexOf("</section>", StringComparison.Ordinal))];
        foreach (var stage in stages)
        {
            var share = stage.DurationSeconds / summary.DurationSeconds;
            section.Should().Contain($"<tr data-stage=\"{stage.Id}\" data-seconds=\"{stage.DurationSeconds.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}\" data-share=\"{share.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}\">");
        }

        section.Should().Contain("<tfoot><tr><td>run</td><td>succeeded</td>");
    }

    [Fact]
    public async Task A_report_that_cannot_be_written_is_a_warning_and_the_run_still_succeeds()
    {
        var workspace = _pipeline.Load(Pipeline).Plan!.Definition.Workspace;
        Directory.CreateDirectory(Path.Combine(workspace, RunReport.FileName, "occupied"));

        var (summary, _) = await RunAsync();

        summary.State.Should().Be(RunState.Succeeded);
        _logger.Entries.Should().Contain(e => e.Level == LogLevel.Warning && e.Message.Contains("report could not be written") && e.Message.Contains("seco report"));
    }

    private async Task<(RunSummary Summary, string Workspace)> RunAsync()
    {
        var plan = _pipeline.Load(Pipeline).Plan!;
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(new RecordingLoggerProvider(_logger)));
        await using var services = HostServices.Build(loggerFactory, _tensors, [new TestStartup(new RunLog()), new ReportStartup()]);
        var summary = await new PipelineRunner(services, TestCatalog.Create(), new Running.RecordingObserver()).RunAsync(plan, RunRequest.Default, CancellationToken.None);
        return (summary, plan.Definition.Workspace);
    }

    private sealed class RecordingLoggerProvider(RecordingLogger logger) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
