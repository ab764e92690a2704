using System.Text.Json;
using SeCo.Host.Running;

namespace SeCo.Host.Daemon;

/// <summary>
/// Builds a run's <see cref="RunMetrics"/> from its stage rows and the stage manifests on disk
/// (<c>manifest.json</c> in each output folder, read through <see cref="ManifestStore"/>; the artifacts' items lists,
/// report metrics and the <c>metrics.json</c> files reports name, as plain JSON). Nothing here knows what the metrics mean.
/// </summary>
internal static class RunMetricsReader
{
    private const string MetricsFile = "metrics.json";

    public static RunMetrics Read(RunRecord run)
    {
        var stages = run.Stages.Select(ReadStage).ToList();
        return new RunMetrics
        {
            StageSeconds = Math.Round(stages.Sum(s => s.Seconds ?? 0), 3),
            CacheHits = stages.Count(s => s.CacheHit),
            Ran = stages.Count(s => s.State == RunStates.Text(StageRunState.Succeeded) || s.State == RunStates.Text(StageRunState.Failed)),
            Stages = stages,
        };
    }

    private static StageMetrics ReadStage(StageRecord stage)
    {
        long? items = null;
        var values = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (stage.OutputDirectory is { } folder && ManifestStore.TryReadManifest(folder) is { } manifest)
        {
            foreach (var artifact in manifest.Outputs.Values.Select(o => o.Value).Where(v => v.ValueKind == JsonValueKind.Object))
            {
                items = Max(items, CountItems(artifact));
                CollectMetrics(artifact, values);
            }
        }

        return new StageMetrics
        {
            Id = stage.Id,
            State = stage.State,
            Seconds = stage.Seconds is { } seconds ? Math.Round(seconds, 3) : null,
            Items = items ?? stage.Total,
            CacheHit = stage.State == RunStates.Text(StageRunState.Cached),
            Values = values.Count == 0 ? null : values,
        };
    }

    private static JsonDocument? ReadJson(string path)
    {
        try
        {
            return File.Exists(path) ? JsonDocument.Parse(File.ReadAllBytes(path)) : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            // A manifest or metrics file being replaced or damaged only means a thinner summary; the run record is still served.
            return null;
        }
    }

    private static long? CountItems(JsonElement artifact) =>
        artifact.TryGetProperty("items", out var list) && list.ValueKind == JsonValueKind.Array ? list.GetArrayLength() : null;

    /// <summary>Adds a report's <c>metrics</c> numbers and the top-level numbers of each <c>metrics.json</c> among its files.</summary>
    private static void CollectMetrics(JsonElement artifact, SortedDictionary<string, double> values)
    {
        if (artifact.TryGetProperty("metrics", out var metrics) && metrics.ValueKind == JsonValueKind.Object)
        {
            AddNumbers(metrics, values);
        }

        if (!artifact.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array
            || !artifact.TryGetProperty("root", out var rootValue) || rootValue.GetString() is not { } root)
        {
            return;
        }

        foreach (var file in files.EnumerateArray())
        {
            if (file.ValueKind == JsonValueKind.String && Path.GetFileName(file.GetString()) == MetricsFile
                && ReadJson(Path.Combine(root, file.GetString()!)) is { } document)
            {
                using (document)
                {
                    if (document.RootElement.ValueKind == JsonValueKind.Object)
                    {
                        AddNumbers(document.RootElement, values);
                    }
                }
            }
        }
    }

    private static void AddNumbers(JsonElement json, SortedDictionary<string, double> values)
    {
        foreach (var property in json.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Number)
            {
                values[property.Name] = property.Value.GetDouble();
            }
        }
    }

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
