using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using SeCo.Host.Tests.Cli;
using SeCo.Testing;

namespace SeCo.Host.Tests.Daemon;

/// <summary>Kills and stops the real daemon mid-run: the run is marked interrupted, re-queued, and resumes from the stage cache.</summary>
public sealed class DaemonRestartTests : IDisposable
{
    private const int ItemCount = 12;
    private readonly TempDirectory _directory = new("seco-daemon-restart");
    private readonly SlowFixturePlugins _plugins = new();

    public void Dispose()
    {
        _plugins.Dispose();
        _directory.Dispose();
    }

    private static readonly string s_pipeline = $$"""
        { "name": "resume", "device": "cpu", "stages": [
          { "id": "slow", "use": "fixtures.slow", "with": { "count": {{ItemCount}}, "delayMs": 150, "itemBytes": 100 } },
          { "id": "total", "use": "fixtures.total", "in": { "items": "slow.items" } } ] }
        """;

    [Fact]
    public async Task Run_of_a_killed_daemon_is_requeued_as_interrupted_on_restart_and_completes_without_redoing_items()
    {
        var state = _directory.File("state");
        string id;
        List<string> before;
        await using (var first = await DaemonProcess.StartAsync(state, _plugins.Path))
        {
            id = await first.SubmitAsync(s_pipeline);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Items(state).Count < 3)
            {
                DateTime.UtcNow.Should().BeBefore(deadline, "items should appear:\n" + first.Output);
                await Task.Delay(20);
            }

            await first.KillAsync();
            before = Items(state);
        }

        before.Count.Should().BeInRange(3, ItemCount - 1);
        var writtenBefore = before.ToDictionary(f => f, File.GetLastWriteTimeUtc);

        await using var second = await DaemonProcess.StartAsync(state, _plugins.Path);
        var run = await second.WaitForStateAsync(id, "succeeded", "failed", "cancelled");

        run.GetProperty("state").GetString().Should().Be("succeeded", second.Output);
        run.GetProperty("attempts").GetInt32().Should().Be(2);
        Items(state).Should().HaveCount(ItemCount);
        foreach (var item in before)
        {
            File.GetLastWriteTimeUtc(item).Should().Be(writtenBefore[item], $"{Path.GetFileName(item)} was finished before the kill");
        }

        var events = await ServerSentEvent.ReadAllAsync(second.Client, id);
        events.Count(e => e.Type == "run.started").Should().Be(2);
        events.Should().ContainSingle(e => e.Type == "log" && e.Data.GetProperty("message").GetString() == $"Wrote {ItemCount - before.Count} of {ItemCount} items");
        second.Output.Should().Contain("1 interrupted runs");
    }

    [Fact]
    public async Task Sigterm_ends_event_streams_stops_the_daemon_with_exit_0_leaving_the_run_interrupted_and_the_next_start_finishes_it()
    {
        var state = _directory.File("state");
        string id;
        await using (var first = await DaemonProcess.StartAsync(state, _plugins.Path))
        {
            id = await first.SubmitAsync(s_pipeline);
            await first.WaitForStateAsync(id, "running");
            using var follower = await first.Client.GetAsync($"v1/runs/{id}/events", HttpCompletionOption.ResponseHeadersRead);
            var clock = Stopwatch.StartNew();
            using (var kill = Process.Start("kill", ["-s", "TERM", first.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await first.Process.WaitForExitAsync(timeout.Token);
            first.Process.ExitCode.Should().Be(0, first.Output);
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30));
            (await follower.Content.ReadAsStringAsync()).Should().Contain("event: run.started", "an open event stream ends when the daemon stops instead of holding shutdown");
        }

        await using var second = await DaemonProcess.StartAsync(state, _plugins.Path);
        var events = await ServerSentEvent.ReadAllAsync(second.Client, id);
        events.Select(e => e.Type).Should().Contain("run.interrupted");
        var run = await second.WaitForStateAsync(id, "succeeded", "failed", "cancelled");
        run.GetProperty("state").GetString().Should().Be("succeeded");
        run.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("state").GetString()).Should().Equal("succeeded", "succeeded");
        (await second.Client.GetStringAsync($"v1/runs/{id}/artifacts/total/total.txt")).Should().Be($"total: {ItemCount * 100}\n");
        (await second.Client.GetFromJsonAsync<JsonElement>("v1/runs")).GetProperty("runs").GetArrayLength().Should().Be(1);
    }

    private static List<string> Items(string state)
    {
        var workspace = Path.Combine(state, "pipelines", "runs", "resume");
        return Directory.Exists(workspace)
            ? Directory.EnumerateFiles(workspace, "item-*.txt", SearchOption.AllDirectories)
                .Where(f => !Path.GetFileName(f).Contains(SeCo.Sdk.IO.AtomicFile.TempMarker, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal).ToList()
            : [];
    }
}
