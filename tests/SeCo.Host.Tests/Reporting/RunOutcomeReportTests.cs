using System.Text.RegularExpressions;
using SeCo.Host.Running;
using SeCo.Host.Cli;
using SeCo.Plugins.HtmlReport;
using SeCo.Host.Tests.Cli;
using SeCo.Host.Tests.Stages;
using SeCo.Vision.Training;

namespace SeCo.Host.Tests.Reporting;

/// <summary>
/// The report of a failed or cancelled run says so and where, and replaces the previous run's; the quality table's
/// change column; the training section's loss curves.
/// </summary>
public sealed partial class RunOutcomeReportTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task A_failed_runs_report_says_at_which_stage_it_failed()
    {
        var path = _cli.Pipeline.Write("""{ "name": "p", "device": "cpu", "stages": [ { "id": "f", "use": "test.fail" } ] }""");

        (await _cli.RunAsync("run", path)).Should().Be(ExitCodes.RunFailed);

        var html = File.ReadAllText(Path.Combine(_cli.Pipeline.Directory, "runs", "p", RunReport.FileName));
        html.Should().Contain("<p class=\"outcome\" id=\"outcome\">This run failed at stage f (list.txt:3: Image &#39;b.png&#39; does not exist");
    }

    [Fact]
    public async Task A_cancelled_runs_report_replaces_the_previous_one_and_says_it_was_cancelled()
    {
        var path = _cli.Pipeline.Write("""{ "name": "p", "device": "cpu", "stages": [ { "id": "b", "use": "test.block" } ] }""");
        var workspace = Path.Combine(_cli.Pipeline.Directory, "runs", "p");
        Directory.CreateDirectory(workspace);
        var report = Path.Combine(workspace, RunReport.FileName);
        File.WriteAllText(report, "<html>the previous run, which succeeded</html>");
        using var cancellation = new CancellationTokenSource();

        var run = _cli.RunAsync(cancellation.Token, "run", path);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Directory.EnumerateFiles(workspace, BlockingStage.StartedFile, SearchOption.AllDirectories).Any())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the blocking stage should start");
            await Task.Delay(20);
        }

        await cancellation.CancelAsync();
        (await run.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(ExitCodes.Cancelled);

        var html = File.ReadAllText(report);
        html.Should().NotContain("the previous run").And.Contain("This run was cancelled during stage b;");
    }

    [Fact]
    public void The_quality_table_shows_each_label_sets_change_from_the_previous_one()
    {
        using var run = new RunFolderFixture(imageCount: 2);

        var html = File.ReadAllText(TestReport.Write(run.Directory, new RunReportOptions { Samples = 0 }));

        var rows = SummaryRow().Matches(html).Select(m => (MIoU: Value(m.Groups["miou"].Value), Change: Value(m.Groups["change"].Value), Text: m.Groups["text"].Value)).ToList();
        rows.Should().HaveCount(4);
        rows[0].Change.Should().BeNull();
        rows[0].Text.Should().Be("–");
        for (var i = 1; i < rows.Count; i++)
        {
            rows[i].Change.Should().BeApproximately(rows[i].MIoU!.Value - rows[i - 1].MIoU!.Value, 1e-9);
            rows[i].Text.Should().Be(QualityChange.Format(rows[i].Change));
        }
    }

    [Theory]
    [InlineData(14.054, "+14.05")]
    [InlineData(-8.675, "−8.68")]
    [InlineData(0.0, "0.00")]
    [InlineData(null, "–")]
    public void Changes_are_shown_with_their_sign(double? change, string shown) => QualityChange.Format(change).Should().Be(shown);

    [Fact]
    public void Training_stages_get_their_loss_curves_drawn_from_training_jsonl()
    {
        using var run = new RunFolderFixture(imageCount: 2);
        var stage = RunFolderReader.Read(run.Directory).Find("scc")!;
        using (var log = TrainingLog.Open(stage.OutputDirectory))
        {
            for (var step = 1; step <= 20; step++)
            {
                log.Scalar("train/loss", step, 2.0 / step);
                log.Scalar("train/lr", step, 0.01);
            }
        }

        var html = File.ReadAllText(TestReport.Write(run.Directory, new RunReportOptions { Samples = 0 }));

        html.Should().Contain("<section id=\"training\">").And.Contain($"<h3>{stage.Id}</h3>").And.Contain("train/loss: 20 steps, last 0.1");
        Regex.Matches(html, "<polyline ").Should().ContainSingle("only loss tags are drawn, not the learning rate");
    }

    private static double? Value(string text) => text == "null" ? null : double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("data-metric=\"mIoU\" data-value=\"(?<miou>[^\"]*)\">[^<]*</td><td class=\"num[^\"]*\" data-metric=\"mIoUChange\" data-value=\"(?<change>[^\"]*)\">(?<text>[^<]*)</td>")]
    private static partial Regex SummaryRow();
}
