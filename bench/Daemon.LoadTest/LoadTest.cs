using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace SeCo.Bench.Daemon;

/// <summary>
/// <see cref="LoadTestOptions.Streams"/> clients share <see cref="LoadTestOptions.Runs"/> submissions: each
/// posts a pipeline, follows the run's Server-Sent Events until <c>run.finished</c>, then posts the next.
/// Each pipeline differs in one option, so every run really runs its stage (no stage-cache hits).
/// </summary>
internal sealed class LoadTest(LoadTestOptions options, DaemonUnderTest daemon)
{
    private readonly ConcurrentBag<double> _submitMs = [];
    private readonly ConcurrentBag<double> _finishMs = [];
    private readonly ConcurrentDictionary<string, string> _finalStates = new(StringComparer.Ordinal);
    private int _next = -1;
    private long _events;

    public async Task<LoadTestResult> RunAsync()
    {
        var rssBefore = daemon.RssBytes;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Streams).Select(_ => Task.Run(ClientAsync)));
        var wall = clock.Elapsed;

        // Nothing lost: every submitted run is listed, in a final state, and the one its stream reported.
        var listed = (await daemon.Client.GetFromJsonAsync<JsonElement>($"v1/runs?limit={Math.Min(options.Runs + 10, 1000)}"))
            .GetProperty("runs").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("state").GetString()!);
        var lost = _finalStates.Count(r => !listed.TryGetValue(r.Key, out var state) || state != r.Value);
        return new LoadTestResult
        {
            Submit = new LatencySummary(_submitMs),
            SubmitToFinished = new LatencySummary(_finishMs),
            Wall = wall,
            Events = Interlocked.Read(ref _events),
            States = _finalStates.Values.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count()),
            Lost = lost + (options.Runs - _finalStates.Count),
            RssBeforeBytes = rssBefore,
            RssPeakBytes = daemon.PeakRssBytes,
            RssAfterBytes = daemon.RssBytes,
        };
    }

    private async Task ClientAsync()
    {
        while (Interlocked.Increment(ref _next) is var n && n < options.Runs)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await daemon.Client.PostAsync("v1/runs", new StringContent(Pipeline(n), Encoding.UTF8, "application/json"));
            _submitMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"Submission {n} was answered {(int)response.StatusCode}: {body}");
            }

            var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
            _finalStates[id] = await FollowAsync(id);
            _finishMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>Reads the run's event stream to its end and returns the state <c>run.finished</c> carried.</summary>
    private async Task<string> FollowAsync(string id)
    {
        using var response = await daemon.Client.GetAsync($"v1/runs/{id}/events", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string? type = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
                Interlocked.Increment(ref _events);
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && type == "run.finished")
            {
                return JsonDocument.Parse(line[6..]).RootElement.GetProperty("data").GetProperty("state").GetString()!;
            }
        }

        return "stream ended without run.finished";
    }

    /// <summary>A two-stage pipeline; the item size differs per submission so no run is a stage-cache hit.</summary>
    private string Pipeline(int n) => $$"""
        {
          "name": "load-{{n % 8}}",
          "device": "cpu",
          "stages": [
            { "id": "items", "use": "fixtures.slow", "with": { "count": {{options.Items}}, "delayMs": 0, "itemBytes": {{64 + n}} } },
            { "id": "total", "use": "fixtures.total", "in": { "items": "items.items" } }
          ]
        }
        """;
}
