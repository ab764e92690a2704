using SeCo.Host.Tests.Cli;
using SeCo.Testing;

namespace SeCo.Host.Tests.Daemon;

/// <summary>
/// Resident models in a real daemon: the model cache outlives runs, stays within
/// <c>--model-memory-budget</c> (1500 bytes here, models report 1000) and reports model.* events.
/// </summary>
public sealed class DaemonResidentModelTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("seco-resident");
    private readonly SlowFixturePlugins _plugins = new();
    private DaemonProcess _daemon = null!;

    public async Task InitializeAsync() =>
        _daemon = await DaemonProcess.StartAsync(_directory.File("state"), _plugins.Path, "--model-memory-budget", "1500", "--max-concurrent-runs", "2");

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        _plugins.Dispose();
        _directory.Dispose();
    }

    private static string Pipeline(string name, string key, string tag, int holdMs = 0) => $$"""
        {
          "name": "{{name}}",
          "device": "cpu",
          "stages": [ { "id": "model", "use": "fixtures.model", "with": { "key": "{{key}}", "bytes": 1000, "loadMs": 150, "holdMs": {{holdMs}}, "tag": "{{tag}}" } } ]
        }
        """;

    [Fact]
    public async Task Second_run_with_the_same_model_reuses_it_without_calling_the_factory()
    {
        var first = await _daemon.SubmitAsync(Pipeline("resident", "model-a", "first"));
        var firstEvents = await ServerSentEvent.ReadAllAsync(_daemon.Client, first);
        var second = await _daemon.SubmitAsync(Pipeline("resident", "model-a", "second"));
        var secondEvents = await ServerSentEvent.ReadAllAsync(_daemon.Client, second);

        var loaded = firstEvents.Should().ContainSingle(e => e.Type == "model.loaded").Subject.Data;
        loaded.GetProperty("key").GetString().Should().Be("model-a");
        loaded.GetProperty("bytes").GetInt64().Should().Be(1000);
        loaded.GetProperty("loadMs").GetDouble().Should().BeGreaterThanOrEqualTo(150);
        loaded.GetProperty("budgetBytes").GetInt64().Should().Be(1500);

        secondEvents.Should().NotContain(e => e.Type == "model.loaded");
        var reused = secondEvents.Should().ContainSingle(e => e.Type == "model.reused").Subject.Data;
        reused.GetProperty("key").GetString().Should().Be("model-a");
        reused.TryGetProperty("loadMs", out _).Should().BeFalse("only a load has a load time");
        secondEvents[^1].Data.GetProperty("state").GetString().Should().Be("succeeded");
        (await _daemon.Client.GetStringAsync($"v1/runs/{second}/artifacts/model/model.txt")).Should().Contain("created: 1\n", "the factory ran once, in the first run");
    }

    [Fact]
    public async Task Loading_past_the_budget_evicts_and_disposes_the_least_recently_used_model()
    {
        await ServerSentEvent.ReadAllAsync(_daemon.Client, await _daemon.SubmitAsync(Pipeline("lru-a", "model-a", "1")));
        await ServerSentEvent.ReadAllAsync(_daemon.Client, await _daemon.SubmitAsync(Pipeline("lru-b", "model-b", "1")));
        var third = await _daemon.SubmitAsync(Pipeline("lru-a", "model-a", "2"));
        var events = await ServerSentEvent.ReadAllAsync(_daemon.Client, third);

        // model-b evicted model-a when it loaded; model-a comes back and evicts model-b, now the least recently used.
        events.Should().ContainSingle(e => e.Type == "model.loaded" && e.Data.GetProperty("key").GetString() == "model-a");
        var evicted = events.Should().ContainSingle(e => e.Type == "model.evicted").Subject.Data;
        evicted.GetProperty("key").GetString().Should().Be("model-b");
        evicted.GetProperty("cachedBytes").GetInt64().Should().Be(1000);
        (await _daemon.Client.GetStringAsync($"v1/runs/{third}/artifacts/model/model.txt")).Should().Contain("created: 3\ndisposed: 2\n");
    }

    [Fact]
    public async Task Model_held_by_a_running_stage_is_not_evicted_by_another_runs_load()
    {
        var holder = await _daemon.SubmitAsync(Pipeline("held", "model-held", "1", holdMs: 3000));
        await WaitForEventAsync(holder, "model.loaded");
        var other = await _daemon.SubmitAsync(Pipeline("other", "model-other", "1"));
        var otherEvents = await ServerSentEvent.ReadAllAsync(_daemon.Client, other);
        var holderEvents = await ServerSentEvent.ReadAllAsync(_daemon.Client, holder);

        holderEvents.Select(e => e.Type).Should().Contain("model.loaded").And.NotContain("model.evicted");
        // Over budget while both were held; when the other run ended, its own model was the only one it could evict.
        otherEvents.Where(e => e.Type == "model.evicted").Select(e => e.Data.GetProperty("key").GetString()).Should().Equal("model-other");
        holderEvents[^1].Data.GetProperty("state").GetString().Should().Be("succeeded");
        (await _daemon.Client.GetStringAsync($"v1/runs/{holder}/artifacts/model/model.txt")).Should().Contain("disposed under the stage: False");
    }

    /// <summary>Reads a run's stream one event at a time until an event of <paramref name="type"/> came.</summary>
    private async Task WaitForEventAsync(string runId, string type)
    {
        long last = 0;
        while (true)
        {
            var next = (await ServerSentEvent.ReadAllAsync(_daemon.Client, runId, lastEventId: last, stopAfter: 1)).Should().ContainSingle().Subject;
            next.Type.Should().NotBe("run.finished", $"the run should report {type} before it ends");
            if (next.Type == type)
            {
                return;
            }

            last = next.Id;
        }
    }
}
