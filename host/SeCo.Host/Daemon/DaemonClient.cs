using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace SeCo.Host.Daemon;

/// <summary>A client of the daemon's <c>/v1</c> API, used by <c>seco submit</c>, <c>status</c> and <c>cancel</c>.</summary>
internal sealed class DaemonClient : IDisposable
{
    private readonly HttpClient _http;

    public DaemonClient(string url, string? token)
    {
        _http = new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/"), Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrWhiteSpace(token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
        }
    }

    /// <summary>Posts a submission body; returns the status code and the JSON answer.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> SubmitAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _http.PostAsync("v1/runs", content, cancellationToken).ConfigureAwait(false);
        return (response.StatusCode, await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false));
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, cancellationToken).ConfigureAwait(false);
        return (response.StatusCode, await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false));
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(path, null, cancellationToken).ConfigureAwait(false);
        return (response.StatusCode, await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The run's events as (type, data) until the stream ends with the run's final event.</summary>
    public async IAsyncEnumerable<(string Type, JsonElement Data)> FollowAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"v1/runs/{Uri.EscapeDataString(runId)}/events", HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), Encoding.UTF8);
        string? type = null;
        string? data = null;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                if (type is not null && data is not null)
                {
                    using var document = JsonDocument.Parse(data);
                    yield return (type, document.RootElement.GetProperty("data").Clone());
                }

                (type, data) = (null, null);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (text.Length == 0)
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            using var document = JsonDocument.Parse(JsonSerializer.Serialize(new { error = text }));
            return document.RootElement.Clone();
        }
    }
}
