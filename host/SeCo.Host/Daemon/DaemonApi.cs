using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using SeCo.Host.Options;
using SeCo.Host.Plugins;
using SeCo.Sdk.IO;

namespace SeCo.Host.Daemon;

/// <summary>The daemon's HTTP API (JSON, under <c>/v1</c>) and its health endpoints.</summary>
internal static class DaemonApi
{
    /// <summary>How long an idle event stream waits before sending a keep-alive comment.</summary>
    private static readonly TimeSpan s_keepAlive = TimeSpan.FromSeconds(15);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", (RunScheduler scheduler) => scheduler.IsReady ? Results.Text("ready") : Results.Text("starting", statusCode: StatusCodes.Status503ServiceUnavailable));

        var v1 = app.MapGroup("/v1");
        v1.MapPost("/runs", SubmitAsync);
        v1.MapGet("/runs", (RunStore store, int? limit) => Results.Json(new { runs = store.List(Math.Clamp(limit ?? 100, 1, 1000)) }, DaemonJson.Options));
        v1.MapGet("/runs/{id}", (string id, RunStore store) => store.Get(id) is { } run
            ? Results.Json(run with { Metrics = RunMetricsReader.Read(run) }, DaemonJson.Options)
            : NotFound(id));
        v1.MapPost("/runs/{id}/cancel", (string id, RunScheduler scheduler, RunStore store) => scheduler.Cancel(id) switch
        {
            CancelOutcome.NotFound => NotFound(id),
            CancelOutcome.AlreadyFinished => Results.Json(new { error = $"Run {id} already ended {store.Get(id)!.State}." }, DaemonJson.Options, statusCode: StatusCodes.Status409Conflict),
            CancelOutcome.Requested => Results.Json(new { id, state = "cancelling" }, DaemonJson.Options, statusCode: StatusCodes.Status202Accepted),
            _ => Results.Json(store.Get(id), DaemonJson.Options),
        });
        v1.MapGet("/runs/{id}/events", StreamEventsAsync);
        v1.MapGet("/runs/{id}/artifacts/{stage}/{**path}", GetArtifact);
        v1.MapGet("/plugins", (StageCatalog catalog) => Results.Json(new { stages = catalog.Stages.OrderBy(s => s.Id, StringComparer.Ordinal).Select(Describe) }, DaemonJson.Options));
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, RunSubmitter submitter)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        var result = submitter.Submit(buffer.ToArray());
        if (!result.IsAccepted)
        {
            return Results.Json(new
            {
                error = result.Errors.Count == 1 ? "1 problem found; nothing was queued." : $"{result.Errors.Count} problems found; nothing was queued.",
                errors = result.Errors.Select(e => new { file = e.File, path = e.JsonPath, line = e.Line, column = e.Column, message = e.Message, text = e.ToString() }),
            }, DaemonJson.Options, statusCode: StatusCodes.Status400BadRequest);
        }

        return Results.Json(new { id = result.RunId, state = RunStates.Queued }, DaemonJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// Server-Sent Events of a run from the persisted log: every event after <c>Last-Event-ID</c> (or
    /// <c>?after=</c>), then new ones as they come; the stream ends after the run's final event.
    /// </summary>
    private static async Task StreamEventsAsync(string id, HttpContext context, RunStore store, RunEventSignal signal, IHostApplicationLifetime lifetime)
    {
        if (store.Get(id) is null)
        {
            await NotFound(id).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var lastId = ParseLastEventId(context.Request);
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        // Streams end when the daemon stops, so shutdown does not wait for followers; they resume with Last-Event-ID.
        using var streaming = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var aborted = streaming.Token;
        try
        {
            while (!aborted.IsCancellationRequested)
            {
                var wake = signal.Next;
                var batch = store.ReadEvents(id, lastId, 500);
                var text = new StringBuilder();
                foreach (var item in batch)
                {
                    text.Append(CultureInfo.InvariantCulture, $"id: {item.Id}\nevent: {item.Type}\ndata: {JsonSerializer.Serialize(new { type = item.Type, at = item.At, data = item.Data }, DaemonJson.Options)}\n\n");
                    lastId = item.Id;
                }

                if (text.Length > 0)
                {
                    await response.WriteAsync(text.ToString(), aborted).ConfigureAwait(false);
                    await response.Body.FlushAsync(aborted).ConfigureAwait(false);
                }

                if (batch.Count == 500)
                {
                    continue;
                }

                if (batch.Count > 0 && batch[^1].Type == "run.finished")
                {
                    return;
                }

                if (batch.Count == 0 && RunStates.IsFinal(store.Get(id)!.State) && store.ReadEvents(id, lastId, 1).Count == 0)
                {
                    return;
                }

                var woke = await Task.WhenAny(wake, Task.Delay(s_keepAlive, aborted)).ConfigureAwait(false);
                if (woke != wake && !aborted.IsCancellationRequested)
                {
                    await response.WriteAsync(": keep-alive\n\n", aborted).ConfigureAwait(false);
                    await response.Body.FlushAsync(aborted).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away or the daemon stops; the client resumes with Last-Event-ID.
        }
    }

    private static long ParseLastEventId(HttpRequest request)
    {
        var text = request.Headers["Last-Event-ID"].FirstOrDefault() ?? request.Query["after"].FirstOrDefault();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
    }

    /// <summary>A file from a stage's output folder; any path that resolves outside that folder is refused.</summary>
    private static IResult GetArtifact(string id, string stage, string? path, RunStore store)
    {
        if (store.Get(id) is not { } run)
        {
            return NotFound(id);
        }

        if (run.Stages.FirstOrDefault(s => s.Id == stage) is not { } record)
        {
            return Results.Json(new { error = $"Run {id} has no stage '{stage}'. Stages: {string.Join(", ", run.Stages.Select(s => s.Id))}." }, DaemonJson.Options, statusCode: StatusCodes.Status404NotFound);
        }

        if (record.OutputDirectory is not { } folder || !Directory.Exists(folder))
        {
            return Results.Json(new { error = $"Stage '{stage}' of run {id} has no outputs yet (state {record.State})." }, DaemonJson.Options, statusCode: StatusCodes.Status404NotFound);
        }

        var relative = Uri.UnescapeDataString(path ?? "");
        var full = Path.GetFullPath(Path.Combine(folder, relative));
        if (!PathPolicy.IsInside(full, folder) || !new PathPolicy([folder]).Allows(full))
        {
            return Results.Json(new { error = $"'{relative}' is outside the output folder of stage '{stage}'." }, DaemonJson.Options, statusCode: StatusCodes.Status400BadRequest);
        }

        if (Directory.Exists(full))
        {
            var files = Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal);
            return Results.Json(new { stage, files }, DaemonJson.Options);
        }

        return File.Exists(full)
            ? Results.File(full, "application/octet-stream", enableRangeProcessing: true)
            : Results.Json(new { error = $"Stage '{stage}' of run {id} has no file '{relative}'." }, DaemonJson.Options, statusCode: StatusCodes.Status404NotFound);
    }

    private static object Describe(StageDescriptor stage) => new
    {
        id = stage.Id,
        plugin = stage.Plugin.Name,
        version = stage.Plugin.Version,
        description = stage.Attribute.Description ?? stage.Documentation.GetSummary(stage.StageType),
        usesDevice = stage.Attribute.UsesDevice,
        ports = stage.Ports.Select(p => new
        {
            name = p.Name,
            direction = p.Direction == Sdk.Stages.PortDirection.Input ? "input" : "output",
            type = p.ArtifactType.Name,
            optional = p.IsOptional,
            description = p.Description,
        }),
        options = OptionsDescriber.Describe(stage.OptionsType, new DocumentationLookup([stage])).Select(o => new
        {
            name = o.Name,
            type = o.Type,
            required = o.IsRequired,
            @default = o.DefaultJson is null ? (JsonElement?)null : JsonSerializer.Deserialize<JsonElement>(o.DefaultJson),
            description = o.Description,
            path = PathOptions.IsPathOption(stage.OptionsType, o.Name) ? true : (bool?)null,
        }),
    };

    private static IResult NotFound(string id) =>
        Results.Json(new { error = $"No run '{id}'." }, DaemonJson.Options, statusCode: StatusCodes.Status404NotFound);
}
