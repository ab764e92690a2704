using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SeCo.Host.Tests.Cli;
using SeCo.Testing;

namespace SeCo.Host.Tests.Daemon;

/// <summary>
/// <c>GET /v1/runs/{id}</c> carries a metrics summary, and stage options marked <c>[FilePath]</c> are held
/// to the data roots like pipeline paths (the data root is the state directory here).
/// </summary>
public sealed class DaemonRunMetricsTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("seco-metrics");
    private readonly SlowFixturePlugins _plugins = new();
    private DaemonProcess _daemon = null!;

    public async Task InitializeAsync() => _daemon = await DaemonProcess.StartAsync(_directory.File("state"), _plugins.Path);

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        _plugins.Dispose();
        _directory.Dispose();
    }

    private static string Pipeline(string expected, string notes = "[]") => $$"""
        {
          "name": "scored",
          "device": "cpu",
          "stages": [
            { "id": "slow", "use": "fixtures.slow", "with": { "count": 4, "delayMs": 0, "itemBytes": 100 } },
            { "id": "total", "use": "fixtures.total", "in": { "items": "slow.items" } },
            { "id": "score", "use": "fixtures.score", "in": { "items": "slow.items" }, "with": { "expected": {{JsonSerializer.Serialize(expected)}}, "notes": {{notes}} } }
          ]
        }
        """;

    [Fact]
    public async Task Run_record_summarises_stage_time_items_cache_hits_and_evaluation_metrics()
    {
        var expected = _directory.File("state", "expected.txt");
        File.WriteAllText(expected, "500\n");

        var first = await _daemon.SubmitAsync(Pipeline(expected));
        var run = await _daemon.WaitForStateAsync(first, "succeeded");
        var metrics = run.GetProperty("metrics");

        metrics.GetProperty("cacheHits").GetInt32().Should().Be(0);
        metrics.GetProperty("ran").GetInt32().Should().Be(3);
        var stages = metrics.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
        stages.Keys.Should().Equal("slow", "total", "score");
        stages["slow"].GetProperty("items").GetInt64().Should().Be(4);
        stages["slow"].GetProperty("cacheHit").GetBoolean().Should().BeFalse();
        stages["slow"].GetProperty("seconds").GetDouble().Should().BeGreaterThanOrEqualTo(0);
        stages["slow"].GetProperty("values").GetProperty("written").GetDouble().Should().Be(4);
        stages["total"].GetProperty("values").GetProperty("bytes").GetDouble().Should().Be(400);
        stages["score"].GetProperty("values").GetProperty("mIoU").GetDouble().Should().Be(80, "400 bytes written against 500 expected");
        stages["score"].GetProperty("values").GetProperty("coverage").GetDouble().Should().Be(100);
        metrics.GetProperty("stageSeconds").GetDouble().Should().BeApproximately(stages.Values.Sum(s => s.GetProperty("seconds").GetDouble()), 0.01);

        var second = await _daemon.SubmitAsync(Pipeline(expected));
        var cached = (await _daemon.WaitForStateAsync(second, "succeeded")).GetProperty("metrics");

        cached.GetProperty("cacheHits").GetInt32().Should().Be(3);
        cached.GetProperty("ran").GetInt32().Should().Be(0);
        var score = cached.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "score");
        score.GetProperty("cacheHit").GetBoolean().Should().BeTrue();
        score.GetProperty("values").GetProperty("mIoU").GetDouble().Should().Be(80, "a cached evaluation still reports its metrics.json");

        var list = await _daemon.Client.GetFromJsonAsync<JsonElement>("v1/runs");
        list.GetProperty("runs")[0].TryGetProperty("metrics", out _).Should().BeFalse("lists stay small; the summary is on the run");
    }

    [Fact]
    public async Task Path_options_outside_the_data_roots_are_refused_with_their_json_paths()
    {
        var outside = _directory.File("expected.txt");
        File.WriteAllText(outside, "500\n");

        using var response = await _daemon.Client.PostAsync("v1/runs", new StringContent(
            Pipeline(outside, notes: """["notes.txt", "../../../escape.txt"]"""), Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().ToList();
        errors.Select(e => e.GetProperty("path").GetString()).Should().Equal("$.stages[2].with.expected", "$.stages[2].with.notes[1]");
        errors[0].GetProperty("message").GetString().Should().Contain(outside).And.Contain("outside the data roots");
        (await _daemon.Client.GetFromJsonAsync<JsonElement>("v1/runs")).GetProperty("runs").GetArrayLength().Should().Be(0, "nothing was queued");

        var plugins = await _daemon.Client.GetFromJsonAsync<JsonElement>("v1/plugins");
        var score = plugins.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "fixtures.score");
        score.GetProperty("options").EnumerateArray().Where(o => o.TryGetProperty("path", out var path) && path.GetBoolean())
            .Select(o => o.GetProperty("name").GetString()).Should().Equal(["expected", "notes"], "/v1/plugins tells editors which options are paths");
    }
}
