using System.Diagnostics;
using SeCo.Host.Cli;
using SeCo.Host.Tests.Cli;
using SeCo.Testing;

namespace SeCo.Host.Tests.Daemon;

/// <summary><c>seco submit/status/cancel</c> as processes against a real daemon.</summary>
public sealed class DaemonClientCommandTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("seco-daemon-client");
    private readonly SlowFixturePlugins _plugins = new();
    private DaemonProcess _daemon = null!;

    public async Task InitializeAsync() =>
        _daemon = await DaemonProcess.StartAsync(_directory.File("state"), _plugins.Path, "--data-root", _directory.Path);

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        _plugins.Dispose();
        _directory.Dispose();
    }

    private async Task<(int Code, string Out, string Error)> SecoAsync(params string[] args)
    {
        using var process = DaemonProcess.Launch([.. args, "--url", $"http://127.0.0.1:{_daemon.Port}"]);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private string WritePipeline(string name, int count, int delayMs)
    {
        var path = _directory.File(name + ".json");
        File.WriteAllText(path, $$"""
            { "name": "{{name}}", "device": "cpu", "stages": [
              { "id": "slow", "use": "fixtures.slow", "with": { "count": {{count}}, "delayMs": {{delayMs}}, "itemBytes": 100 } },
              { "id": "total", "use": "fixtures.total", "in": { "items": "slow.items" } } ] }
            """);
        return path;
    }

    [Fact]
    public async Task Submit_follow_prints_stage_progress_and_exits_0_when_the_run_succeeds()
    {
        var (code, output, error) = await SecoAsync("submit", WritePipeline("follow", 3, 10), "--follow", "--set", "slow.with.count=5");

        code.Should().Be(ExitCodes.Success, output + error);
        var id = output.Split('\n')[0].Trim();
        output.Should().Contain($"{id}: succeeded");
        error.Should().Contain("[slow] started").And.Contain("[slow] 5/5 items").And.Contain("Wrote 5 of 5 items").And.Contain("[total] succeeded");
        File.ReadAllText(_directory.File("runs", "follow", Directory.GetDirectories(_directory.File("runs", "follow"), "total-*")[0], "total.txt")).Should().Be("total: 500\n");

        var (statusCode, status, _) = await SecoAsync("status", id);
        statusCode.Should().Be(ExitCodes.Success);
        status.Should().Contain("succeeded").And.Contain("slow").And.Contain("5/5");
    }

    [Fact]
    public async Task Submit_of_a_file_outside_the_data_roots_uploads_it_and_follows_the_run()
    {
        using var elsewhere = new TempDirectory("seco-outside-roots");
        var path = elsewhere.File("outside.json");
        File.Copy(WritePipeline("outside", 2, 10), path);

        var (code, output, error) = await SecoAsync("submit", path, "--follow");

        code.Should().Be(ExitCodes.Success, output + error);
        error.Should().Contain("the daemon does not read it by path").And.Contain("sending its contents instead").And.Contain("[total] succeeded");
        output.Should().Contain(": succeeded");
    }

    [Fact]
    public async Task Submit_with_set_of_a_file_outside_the_data_roots_says_how_to_submit_it()
    {
        using var elsewhere = new TempDirectory("seco-outside-roots");
        var path = elsewhere.File("outside.json");
        File.Copy(WritePipeline("outside-set", 2, 10), path);

        var (code, _, error) = await SecoAsync("submit", path, "--set", "slow.with.count=3");

        code.Should().Be(ExitCodes.InvalidUsage);
        error.Should().Contain("outside the data roots").And.Contain("--data-root");
    }

    [Fact]
    public async Task Submit_follow_quiet_prints_only_the_id_and_the_outcome()
    {
        var (code, output, error) = await SecoAsync("submit", WritePipeline("quiet", 2, 10), "--follow", "--quiet");

        code.Should().Be(ExitCodes.Success, output + error);
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2).And.Subject.Last().Should().EndWith(": succeeded");
        error.Should().NotContain("[slow]");
    }

    [Fact]
    public async Task Submit_of_an_invalid_pipeline_prints_the_positioned_errors_and_exits_2()
    {
        var path = _directory.File("bad.json");
        File.WriteAllText(path, """{ "name": "bad", "stages": [ { "id": "a", "use": "fixtures.nope" } ] }""");

        var (code, _, error) = await SecoAsync("submit", path);

        code.Should().Be(ExitCodes.InvalidUsage);
        error.Should().Contain("bad.json:1:").And.Contain("$.stages[0].use: Unknown stage 'fixtures.nope'").And.Contain("nothing was queued");
    }

    [Fact]
    public async Task Cancel_stops_a_running_run_and_status_lists_it_cancelled()
    {
        var (_, submitted, _) = await SecoAsync("submit", WritePipeline("long", 300, 100));
        var id = submitted.Trim();
        await _daemon.WaitForStateAsync(id, "running");

        var (code, output, error) = await SecoAsync("cancel", id);
        code.Should().Be(ExitCodes.Success, error);
        output.Should().Contain("cancelling");

        await _daemon.WaitForStateAsync(id, "cancelled");
        var (_, list, _) = await SecoAsync("status");
        list.Should().MatchRegex($"{id}\\s+cancelled\\s+long");
        (await SecoAsync("cancel", "no-such-run")).Code.Should().Be(ExitCodes.InvalidUsage);
    }
}
