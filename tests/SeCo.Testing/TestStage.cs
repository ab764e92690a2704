using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SeCo.Host.Runtime;
using SeCo.Sdk.Stages;
using SeCo.Sdk.Tensors;

namespace SeCo.Testing;

/// <summary>Builds the <see cref="StageContext"/> a host would pass, for calling stages directly in tests.</summary>
public static class TestStage
{
    private static readonly Lazy<TensorContext> s_tensors = new(() => TensorContext.Create("cpu"));

    /// <summary>
    /// A context whose output folder is <c>&lt;pipelineDirectory&gt;/runs/&lt;stageId&gt;</c>, on the CPU tensor
    /// context shared by the test process, with no services; <paramref name="shard"/> makes it a shard run.
    /// </summary>
    public static StageContext Context(string pipelineDirectory, JsonElement taxonomy = default, RecordingProgress? progress = null,
        ILogger? logger = null, BadItemPolicy onBadItem = BadItemPolicy.Fail, string stageId = "stage", int seed = 0, ShardSpec? shard = null) => new()
    {
        StageId = stageId,
        OutputDirectory = Path.Combine(pipelineDirectory, "runs", stageId),
        PipelineDirectory = pipelineDirectory,
        Logger = logger ?? NullLogger.Instance,
        Progress = progress ?? new RecordingProgress(),
        Seed = seed,
        Tensors = s_tensors.Value,
        Services = new EmptyServices(),
        Taxonomy = taxonomy,
        OnBadItem = onBadItem,
        Shard = shard,
    };

    /// <summary>Parses JSON text into a detached element (e.g. a pipeline's <c>taxonomy</c> value).</summary>
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
