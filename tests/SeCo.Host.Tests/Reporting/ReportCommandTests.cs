using SeCo.Host.Cli;
using SeCo.Plugins.HtmlReport;
using SeCo.Host.Tests.Cli;

namespace SeCo.Host.Tests.Reporting;

public sealed class ReportCommandTests : IDisposable
{
    private readonly RunFolderFixture _run = new(imageCount: 3);
    private readonly CliHarness _cli = new();

    public void Dispose()
    {
        _cli.Dispose();
        _run.Dispose();
    }

    [Fact]
    public async Task Seco_report_regenerates_the_report_of_a_run_folder_and_prints_its_path()
    {
        (await _cli.RunAsync("report", _run.Directory)).Should().Be(ExitCodes.Success, _cli.Error);

        var path = Path.Combine(_run.Directory, RunReport.FileName);
        _cli.Out.Trim().Should().Be(path);
        ReportHtml.Load(path).SampleIds().Should().HaveCount(3);
    }

    [Fact]
    public async Task Out_and_samples_options_choose_the_file_and_the_number_of_sample_rows()
    {
        var output = Path.Combine(_cli.Pipeline.Directory, "elsewhere.html");

        (await _cli.RunAsync("report", _run.Directory, "--out", output, "--samples=1", "--thumbnail-width", "32")).Should().Be(ExitCodes.Success, _cli.Error);

        var html = ReportHtml.Load(output);
        html.SampleIds().Should().Equal(_run.ImageIds[0]);
        MetricsJson.ShouldEqualReport(_run.MetricsFiles["eval_adapt"], "adapt.labels", html);
    }

    [Theory]
    [InlineData("--samples", "many", "--samples 'many': expected a whole number from 0 to 1000.")]
    [InlineData("--colour", "red", "'seco report' has no option '--colour'")]
    public async Task Bad_options_exit_2_with_the_usage(string option, string value, string message)
    {
        (await _cli.RunAsync("report", _run.Directory, option, value)).Should().Be(ExitCodes.InvalidUsage);

        _cli.Error.Should().Contain(message).And.Contain(ReportCommand.Usage);
    }

    [Fact]
    public async Task A_folder_that_is_not_a_run_folder_exits_2_naming_run_json()
    {
        (await _cli.RunAsync("report", _cli.Pipeline.Directory)).Should().Be(ExitCodes.InvalidUsage);

        _cli.Error.Should().Contain("run.json").And.Contain("expected a run folder").And.NotContain("   at ");
    }

    [Fact]
    public async Task Missing_run_folder_argument_exits_2()
    {
        (await _cli.RunAsync("report")).Should().Be(ExitCodes.InvalidUsage);

        _cli.Error.Should().Contain("needs the run folder");
    }
}
