using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SeCo.Host.Tests.Cli;
using SeCo.Testing;
using Xunit.Abstractions;

namespace SeCo.Host.Tests.Daemon;

/// <summary>Drives a real <c>seco serve</c> process over loopback HTTP: submit, follow, fetch, validate, cancel.</summary>
public sealed class DaemonApiTests(ITestOutputHelper log) : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("seco-daemon");
    private readonly SlowFixturePlugins _plugins = new();
    private DaemonProcess _daemon = null!;

    public async Task InitializeAsync() => _daemon = await DaemonProcess.StartAsync(_directory.File("state"), _plugins.Path);

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        _plugins.Dispose();
        _directory.Dispose();
    }

    private static string Pipeline(string name, int count, int delayMs) => $$"""
        {
          "name": "{{name}}",
          "device": "cpu",
          "stages": [
            { "id": "slow", "use": "fixtures.slow", "with": { "count": {{count}}, "delayMs": {{delayMs}}, "itemBytes": 100 } },
            { "id": "total", "use": "fixtures.total", "in": { "items": "slow.items" } }
          ]
        }
        """;

    [Fact]
    public async Task Submitted_run_streams_stage_events_succeeds_and_serves_its_artifacts()
    {
        var clock = Stopwatch.StartNew();
        var id = await _daemon.SubmitAsync(Pipeline("follow", 4, 20));
        var events = await ServerSentEvent.ReadAllAsync(_daemon.Client, id);
        log.WriteLine($"submit → run.finished over SSE: {clock.ElapsedMilliseconds} ms (4 items × 20 ms)");

        events.Select(e => e.Type).Should().StartWith("run.started").And.EndWith("run.finished");
        events.Should().Contain(e => e.Type == "stage.started" && e.Data.GetProperty("stage").GetString() == "slow");
        events.Should().Contain(e => e.Type == "stage.progress" && e.Data.GetProperty("done").GetInt64() == 4 && e.Data.GetProperty("total").GetInt64() == 4);
        events.Should().Contain(e => e.Type == "log" && e.Data.GetProperty("message").GetString()!.Contains("Wrote 4 of 4 items"));
        events.Where(e => e.Type == "stage.finished").Select(e => e.Data.GetProperty("stage").GetString()).Should().Equal("slow", "total");
        events.Select(e => e.Id).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        events[^1].Data.GetProperty("state").GetString().Should().Be("succeeded");

        var run = await _daemon.GetRunAsync(id);
        run.GetProperty("state").GetString().Should().Be("succeeded");
        run.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("state").GetString()).Should().Equal("succeeded", "succeeded");
        run.GetProperty("stages")[0].GetProperty("done").GetInt64().Should().Be(4);
        run.GetProperty("finishedAt").GetDateTimeOffset().Should().BeOnOrAfter(run.GetProperty("startedAt").GetDateTimeOffset());

        (await _daemon.Client.GetStringAsync($"v1/runs/{id}/artifacts/total/total.txt")).Should().Be("total: 400\n");
        var item = await _daemon.Client.GetByteArrayAsync($"v1/runs/{id}/artifacts/slow/item-002.txt");
        item.Should().HaveCount(100);
        var listing = await _daemon.Client.GetFromJsonAsync<JsonElement>($"v1/runs/{id}/artifacts/slow/");
        listing.GetProperty("files").EnumerateArray().Select(f => f.GetString()).Should().Contain(["item-000.txt", "item-003.txt", "manifest.json"]);

        var resumed = await ServerSentEvent.ReadAllAsync(_daemon.Client, id, lastEventId: events[2].Id);
        resumed.Select(e => e.Id).Should().Equal(events.Skip(3).Select(e => e.Id), "a client reconnecting with Last-Event-ID misses nothing and sees nothing twice");

        var list = await _daemon.Client.GetFromJsonAsync<JsonElement>("v1/runs");
        list.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()).Should().Contain(id);
    }

    [Fact]
    public async Task Run_detail_says_for_each_stage_why_it_ran_or_was_reused()
    {
        var first = await _daemon.SubmitAsync(Pipeline("explain", 2, 1));
        await ServerSentEvent.ReadAllAsync(_daemon.Client, first);
        var second = await _daemon.SubmitAsync(Pipeline("explain", 2, 1));
        await ServerSentEvent.ReadAllAsync(_daemon.Client, second);

        static IEnumerable<string?> Reasons(JsonElement run) => run.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("cache").GetString());
        Reasons(await _daemon.GetRunAsync(first)).Should().Equal("first run", "first run");
        Reasons(await _daemon.GetRunAsync(second)).Should().Equal("reused (key unchanged)", "reused (key unchanged)");
    }

    [Fact]
    public async Task Client_that_drops_the_stream_mid_run_and_reconnects_with_Last_Event_ID_misses_nothing()
    {
        var id = await _daemon.SubmitAsync(Pipeline("reconnect", 12, 60));
        var head = await ServerSentEvent.ReadAllAsync(_daemon.Client, id, stopAfter: 3);
        (await _daemon.GetRunAsync(id)).GetProperty("state").GetString().Should().Be("running");

        var tail = await ServerSentEvent.ReadAllAsync(_daemon.Client, id, lastEventId: head[^1].Id);
        var whole = await ServerSentEvent.ReadAllAsync(_daemon.Client, id);

        head.Concat(tail).Select(e => e.Id).Should().Equal(whole.Select(e => e.Id));
        whole[^1].Type.Should().Be("run.finished");
    }

    [Fact]
    public async Task Document_whose_workspace_is_outside_the_data_roots_is_refused()
    {
        var document = Pipeline("elsewhere", 1, 0).Replace("\"device\": \"cpu\",", $"\"device\": \"cpu\", \"workspace\": \"{_directory.File("elsewhere")}\",", StringComparison.Ordinal);

        using var response = await _daemon.Client.PostAsync("v1/runs", new StringContent(document, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];
        error.GetProperty("path").GetString().Should().Be("$.workspace");
        error.GetProperty("message").GetString().Should().Contain("outside the data roots");
        Directory.Exists(_directory.File("elsewhere")).Should().BeFalse();
    }

    [Fact]
    public async Task Invalid_pipeline_is_refused_with_400_listing_every_error_with_its_line_and_nothing_is_queued()
    {
        const string document = """
            {
              "name": "broken",
              "stages": [
                { "id": "a", "use": "fixtures.nope" },
                { "id": "b", "use": "fixtures.slow", "with": { "count": 0 } }
              ]
            }
            """;
        using var response = await _daemon.Client.PostAsync("v1/runs", new StringContent(document, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = body.GetProperty("errors").EnumerateArray().ToList();
        errors.Should().HaveCount(2);
        errors[0].GetProperty("path").GetString().Should().Be("$.stages[0].use");
        errors[0].GetProperty("line").GetInt32().Should().Be(4);
        errors[0].GetProperty("message").GetString().Should().Contain("Unknown stage 'fixtures.nope'").And.Contain("fixtures.slow");
        errors[1].GetProperty("path").GetString().Should().Be("$.stages[1].with.count");
        errors[1].GetProperty("line").GetInt32().Should().Be(5);
        errors[1].GetProperty("column").GetInt32().Should().BePositive();
        (await _daemon.Client.GetFromJsonAsync<JsonElement>("v1/runs")).GetProperty("runs").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Cancelled_run_ends_cancelled_and_the_next_queued_run_still_succeeds()
    {
        var slow = await _daemon.SubmitAsync(Pipeline("cancel-me", 200, 100));
        var next = await _daemon.SubmitAsync(Pipeline("after", 2, 0));
        await _daemon.WaitForStageStateAsync(slow, 0, "running");
        (await _daemon.GetRunAsync(next)).GetProperty("state").GetString().Should().Be("queued", "one run at a time by default");

        using var cancel = await _daemon.Client.PostAsync($"v1/runs/{slow}/cancel", null);
        cancel.StatusCode.Should().Be(HttpStatusCode.Accepted);

        var cancelled = await _daemon.WaitForStateAsync(slow, "cancelled", "failed", "succeeded");
        cancelled.GetProperty("state").GetString().Should().Be("cancelled");
        cancelled.GetProperty("stages")[0].GetProperty("state").GetString().Should().Be("cancelled");
        (await _daemon.WaitForStateAsync(next, "succeeded", "failed", "cancelled")).GetProperty("state").GetString().Should().Be("succeeded");

        using var again = await _daemon.Client.PostAsync($"v1/runs/{slow}/cancel", null);
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        using var unknown = await _daemon.Client.PostAsync("v1/runs/no-such-run/cancel", null);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Queued_run_cancelled_before_it_starts_never_runs()
    {
        var blocker = await _daemon.SubmitAsync(Pipeline("blocker", 200, 50));
        var queued = await _daemon.SubmitAsync(Pipeline("never", 2, 0));
        using (var cancel = await _daemon.Client.PostAsync($"v1/runs/{queued}/cancel", null))
        {
            cancel.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using (var stop = await _daemon.Client.PostAsync($"v1/runs/{blocker}/cancel", null))
        {
            stop.IsSuccessStatusCode.Should().BeTrue();
        }

        await _daemon.WaitForStateAsync(blocker, "cancelled");
        var run = await _daemon.GetRunAsync(queued);
        run.GetProperty("state").GetString().Should().Be("cancelled");
        run.GetProperty("attempts").GetInt32().Should().Be(0);
        (await ServerSentEvent.ReadAllAsync(_daemon.Client, queued)).Select(e => e.Type).Should().Equal("run.finished");
    }

    [Fact]
    public async Task Runs_submitted_together_run_one_at_a_time_in_submission_order()
    {
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await _daemon.SubmitAsync(Pipeline($"order-{i}", 2, 30)));
        }

        var runs = new List<JsonElement>();
        foreach (var id in ids)
        {
            runs.Add(await _daemon.WaitForStateAsync(id, "succeeded", "failed", "cancelled"));
        }

        runs.Select(r => r.GetProperty("state").GetString()).Should().AllBe("succeeded");
        for (var i = 1; i < runs.Count; i++)
        {
            runs[i].GetProperty("startedAt").GetDateTimeOffset().Should().BeOnOrAfter(runs[i - 1].GetProperty("finishedAt").GetDateTimeOffset());
        }
    }

    [Theory]
    [InlineData("..%2F..%2F..%2Fseco.db")]
    [InlineData("..%2F..%2Ftotal-x%2Ftotal.txt")]
    [InlineData("%2Fetc%2Fpasswd")]
    [InlineData("%2E%2E/%2E%2E/%2E%2E/seco.db")]
    public async Task Artifact_paths_that_leave_the_stage_folder_are_refused(string escape)
    {
        var id = await _daemon.SubmitAsync(Pipeline("escape", 1, 0));
        await _daemon.WaitForStateAsync(id, "succeeded");

        using var response = await _daemon.Client.GetAsync($"v1/runs/{id}/artifacts/total/{escape}");

        response.StatusCode.Should().BeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().NotContain("SQLite").And.NotContain("root:");
    }

    [Fact]
    public async Task Pipeline_path_outside_the_data_roots_is_refused()
    {
        var outside = _directory.File("outside.json");
        File.WriteAllText(outside, Pipeline("outside", 1, 0));

        using var response = await _daemon.Client.PostAsJsonAsync("v1/runs", new { path = outside });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];
        error.GetProperty("path").GetString().Should().Be("$.path");
        error.GetProperty("message").GetString().Should().Contain("outside the data roots");
    }

    [Fact]
    public async Task Pipeline_path_under_the_data_root_runs_with_its_overrides()
    {
        var file = _directory.File("state", "by-path.json");
        File.WriteAllText(file, Pipeline("by-path", 2, 0));

        using var response = await _daemon.Client.PostAsJsonAsync("v1/runs", new { path = "by-path.json", set = new[] { "slow.with.count=3" } });
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        await _daemon.WaitForStateAsync(id, "succeeded");
        (await _daemon.Client.GetStringAsync($"v1/runs/{id}/artifacts/total/total.txt")).Should().Be("total: 300\n");
    }

    [Fact]
    public async Task Plugins_health_and_readiness_answer()
    {
        var plugins = await _daemon.Client.GetFromJsonAsync<JsonElement>("v1/plugins");
        var slow = plugins.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "fixtures.slow");
        slow.GetProperty("options").EnumerateArray().Should().Contain(o => o.GetProperty("name").GetString() == "delayMs" && o.GetProperty("default").GetInt32() == 200);
        slow.GetProperty("ports")[0].GetProperty("type").GetString().Should().Be("Report");
        (await _daemon.Client.GetStringAsync("healthz")).Should().Be("ok");
        (await _daemon.Client.GetAsync("readyz")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
