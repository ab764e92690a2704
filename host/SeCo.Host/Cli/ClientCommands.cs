using System.Globalization;
using System.Net;
using System.Text.Json;
using SeCo.Host.Daemon;

namespace SeCo.Host.Cli;

/// <summary>
/// <c>seco submit</c>, <c>seco status</c> and <c>seco cancel</c>: talk to a running daemon. They need no
/// plugins; the daemon validates. Exit codes: 0 ok (or the followed run succeeded), 1 the run failed or
/// the daemon could not be reached, 2 rejected (invalid pipeline, unknown run), 130 cancelled.
/// </summary>
internal static class ClientCommands
{
    public static async Task<int> ExecuteAsync(CommandLine commandLine, TextWriter output, TextWriter error, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        using var client = new DaemonClient(commandLine.Url, environment(DaemonOptions.TokenVariable));
        try
        {
            return commandLine.Command switch
            {
                "submit" => await SubmitAsync(client, commandLine, output, error, cancellationToken).ConfigureAwait(false),
                "status" => await StatusAsync(client, commandLine.RunId, output, error, cancellationToken).ConfigureAwait(false),
                _ => await CancelAsync(client, commandLine.RunId!, output, error, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (HttpRequestException ex)
        {
            error.WriteLine($"No seco daemon answered at {commandLine.Url}: {ex.Message}");
            return ExitCodes.RunFailed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("Stopped following; the run goes on in the daemon.");
            return ExitCodes.Cancelled;
        }
    }

    private static async Task<int> SubmitAsync(DaemonClient client, CommandLine commandLine, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(commandLine.PipelinePath);
        if (!File.Exists(path))
        {
            error.WriteLine($"No pipeline file at {path}.");
            return ExitCodes.InvalidUsage;
        }

        var upload = commandLine.Upload;
        var (status, answer) = await client.SubmitAsync(await BodyAsync(commandLine, path, upload, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        if (!upload && commandLine.Sets.Count == 0 && RejectedPath(status, answer) is { } reason)
        {
            // The daemon cannot read the file where it is (outside its data roots, or on another machine): send its contents.
            error.WriteLine($"{commandLine.PipelinePath}: the daemon does not read it by path ({reason}); sending its contents instead, as --upload does.");
            upload = true;
            (status, answer) = await client.SubmitAsync(await BodyAsync(commandLine, path, upload, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }

        if (status == HttpStatusCode.BadRequest && answer.TryGetProperty("errors", out var errors))
        {
            foreach (var item in errors.EnumerateArray())
            {
                error.WriteLine(item.GetProperty("text").GetString());
            }

            error.WriteLine(answer.GetProperty("error").GetString());
            if (!upload && RejectedPath(status, answer) is not null)
            {
                error.WriteLine("Start the daemon with --data-root covering the pipeline's folder, or drop --set: the file is then uploaded.");
            }

            return ExitCodes.InvalidUsage;
        }

        if (status != HttpStatusCode.Accepted)
        {
            return Refused(error, status, answer);
        }

        var id = answer.GetProperty("id").GetString()!;
        output.WriteLine(id);
        if (!commandLine.Follow)
        {
            return ExitCodes.Success;
        }

        var state = RunStates.Queued;
        var events = commandLine.Quiet ? TextWriter.Null : error;
        var progress = new LogLineProgressView(events);
        await foreach (var (type, data) in client.FollowAsync(id, cancellationToken).ConfigureAwait(false))
        {
            var stage = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("stage", out var s) ? s.GetString() : null;
            switch (type)
            {
                case "stage.started":
                    events.WriteLine($"[{stage}] started");
                    break;
                case "stage.cached":
                    events.WriteLine($"[{stage}] cached");
                    break;
                case "stage.progress":
                    progress.StageProgress(stage ?? "", data.GetProperty("done").GetInt64(), data.GetProperty("total").GetInt64(), Text(data, "phase") is { Length: > 0 } phase ? phase : null);
                    break;
                case "stage.finished":
                    (Text(data, "state") is RunStates.Succeeded ? events : error).WriteLine($"[{stage}] {Text(data, "state")} in {data.GetProperty("seconds").GetDouble().ToString("0.0", CultureInfo.InvariantCulture)} s {Text(data, "error")}".TrimEnd());
                    break;
                case "log":
                    events.WriteLine($"[{Text(data, "category")}] {Text(data, "message")}");
                    break;
                case "run.started" or "run.interrupted":
                    events.WriteLine($"run {type["run.".Length..]}");
                    break;
                case "run.finished":
                    state = Text(data, "state");
                    break;
            }
        }

        output.WriteLine($"{id}: {state}");
        return state switch
        {
            RunStates.Succeeded => ExitCodes.Success,
            RunStates.Cancelled => ExitCodes.Cancelled,
            _ => ExitCodes.RunFailed,
        };
    }

    private static async Task<byte[]> BodyAsync(CommandLine commandLine, string path, bool upload, CancellationToken cancellationToken) => upload
        ? await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false)
        : JsonSerializer.SerializeToUtf8Bytes(new { path, set = commandLine.Sets.Select(s => s.Text) });

    /// <summary>The daemon's message when it refused a submission by path because of the path itself (<c>$.path</c>), else null.</summary>
    private static string? RejectedPath(HttpStatusCode status, JsonElement answer)
    {
        if (status != HttpStatusCode.BadRequest || !answer.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var items = errors.EnumerateArray().ToList();
        return items.Count == 1 && Text(items[0], "path") == "$.path" ? Text(items[0], "message") : null;
    }

    private static async Task<int> StatusAsync(DaemonClient client, string? id, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var (status, answer) = await client.GetAsync(id is null ? "v1/runs" : $"v1/runs/{Uri.EscapeDataString(id)}", cancellationToken).ConfigureAwait(false);
        if (status != HttpStatusCode.OK)
        {
            return Refused(error, status, answer);
        }

        if (id is null)
        {
            foreach (var run in answer.GetProperty("runs").EnumerateArray())
            {
                output.WriteLine($"{Text(run, "id"),-26} {Text(run, "state"),-12} {Text(run, "pipeline")}");
            }

            return ExitCodes.Success;
        }

        output.WriteLine($"{Text(answer, "id")} {Text(answer, "pipeline")}: {Text(answer, "state")} (attempts {answer.GetProperty("attempts").GetInt32()})");
        foreach (var stage in answer.GetProperty("stages").EnumerateArray())
        {
            var progress = stage.TryGetProperty("total", out var total) ? $" {stage.GetProperty("done").GetInt64()}/{total.GetInt64()}" : "";
            output.WriteLine($"  {Text(stage, "id"),-20} {Text(stage, "state"),-10}{progress} {Text(stage, "error")}".TrimEnd());
        }

        if (answer.TryGetProperty("error", out var failure))
        {
            output.WriteLine(failure.GetString());
        }

        return ExitCodes.Success;
    }

    private static async Task<int> CancelAsync(DaemonClient client, string id, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var (status, answer) = await client.PostAsync($"v1/runs/{Uri.EscapeDataString(id)}/cancel", cancellationToken).ConfigureAwait(false);
        if (status is not (HttpStatusCode.OK or HttpStatusCode.Accepted))
        {
            return Refused(error, status, answer);
        }

        output.WriteLine($"{id}: {Text(answer, "state")}");
        return ExitCodes.Success;
    }

    private static int Refused(TextWriter error, HttpStatusCode status, JsonElement answer)
    {
        error.WriteLine($"The daemon answered {(int)status} {status}: {(answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("error", out var e) ? e.GetString() : answer.ToString())}");
        return status == HttpStatusCode.Unauthorized || (int)status >= 500 ? ExitCodes.RunFailed : ExitCodes.InvalidUsage;
    }

    private static string Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
