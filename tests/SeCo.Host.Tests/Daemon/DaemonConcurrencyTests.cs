using SeCo.Host.Tests.Cli;
using SeCo.Testing;

namespace SeCo.Host.Tests.Daemon;

/// <summary><c>--max-concurrent-runs</c>: runs of different workspaces overlap; runs of one workspace take turns and share its cache.</summary>
public sealed class DaemonConcurrencyTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("seco-daemon-concurrency");
    private readonly SlowFixturePlugins _plugins = new();
    private DaemonProcess _daemon = null!;

    public async Task InitializeAsync() =>
        _daemon = await DaemonProcess.StartAsync(_directory.File("state"), _plugins.Path, "--max-concurrent-runs", "2");

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        _plugins.Dispose();
        _directory.Dispose();
    }

    private static string Pipeline(string name, int count) => $$"""
        { "name": "{{name}}", "device": "cpu", "stages": [
          { "id": "slow", "use": "fixtures.slow", "with": { "count": {{count}}, "delayMs": 100, "itemBytes": 100 } } ] }
        """;

    [Fact]
    public async Task Two_slots_run_two_pipelines_at_once()
    {
        var first = await _daemon.SubmitAsync(Pipeline("left", 15));
        var second = await _daemon.SubmitAsync(Pipeline("right", 15));

        await _daemon.WaitForStateAsync(first, "running");
        (await _daemon.WaitForStateAsync(second, "running", "succeeded")).GetProperty("state").GetString().Should().Be("running");
        var a = await _daemon.WaitForStateAsync(first, "succeeded", "failed");
        var b = await _daemon.WaitForStateAsync(second, "succeeded", "failed");

        a.GetProperty("state").GetString().Should().Be("succeeded");
        b.GetProperty("state").GetString().Should().Be("succeeded");
        b.GetProperty("startedAt").GetDateTimeOffset().Should().BeBefore(a.GetProperty("finishedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Runs_of_one_workspace_take_turns_and_the_second_finds_the_cache()
    {
        var first = await _daemon.SubmitAsync(Pipeline("same", 5));
        var second = await _daemon.SubmitAsync(Pipeline("same", 5));

        var a = await _daemon.WaitForStateAsync(first, "succeeded", "failed");
        var b = await _daemon.WaitForStateAsync(second, "succeeded", "failed");

        a.GetProperty("state").GetString().Should().Be("succeeded", a.ToString());
        b.GetProperty("state").GetString().Should().Be("succeeded", b.ToString());
        new[] { a, b }.Select(r => r.GetProperty("stages")[0].GetProperty("state").GetString()).Should().BeEquivalentTo(["succeeded", "cached"]);
    }
}
