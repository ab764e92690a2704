using System.Text.Json;

namespace SeCo.Host.Tests.Daemon;

/// <summary>One parsed Server-Sent Event of the daemon's run stream.</summary>
internal sealed record ServerSentEvent(long Id, string Type, JsonElement Data)
{
    /// <summary>Reads an event stream until it ends (after the run's final event) or, given <paramref name="stopAfter"/>, until that many events came.</summary>
    public static async Task<List<ServerSentEvent>> ReadAllAsync(HttpClient client, string runId, long? lastEventId = null, int? stopAfter = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/runs/{runId}/events");
        if (lastEventId is { } last)
        {
            request.Headers.Add("Last-Event-ID", last.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<ServerSentEvent>();
        long id = 0;
        string? type = null;
        string? data = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                if (type is not null && data is not null)
                {
                    events.Add(new ServerSentEvent(id, type, JsonDocument.Parse(data).RootElement.GetProperty("data").Clone()));
                    if (events.Count == stopAfter)
                    {
                        return events;
                    }
                }

                (type, data) = (null, null);
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }

        return events;
    }
}
