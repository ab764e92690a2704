using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SeCo.Sdk.Stages;
using SeCo.Sdk.Tensors;

namespace Sources.Proda.Tests;

/// <summary>Builds the <see cref="StageContext"/> a host would pass, for calling stages directly.</summary>
internal static class TestStage
{
    private static readonly Lazy<TensorContext> s_tensors = new(() => TensorContext.Create("cpu"));

    public static StageContext Context(string pipelineDirectory, JsonElement taxonomy = default, RecordingProgress? progress = null) => new()
    {
        StageId = "proda",
        OutputDirectory = Path.Combine(pipelineDirectory, "runs", "proda"),
        PipelineDirectory = pipelineDirectory,
        Logger = NullLogger.Instance,
        Progress = progress ?? new RecordingProgress(),
        Seed = 0,
        Tensors = s_tensors.Value,
        Services = new EmptyServices(),
        Taxonomy = taxonomy,
    };

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}

/// <summary>Remembers the last progress report.</summary>
internal sealed class RecordingProgress : IStageProgress
{
    private long _done;

    public long Done => Interlocked.Read(ref _done);

    public long Total { get; private set; }

    public void Report(long done, long total, string? phase = null)
    {
        InterlockedMax(ref _done, done);
        Total = total;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while ((current = Interlocked.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
