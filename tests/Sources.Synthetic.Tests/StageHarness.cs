using Microsoft.Extensions.Logging.Abstractions;
using SeCo.Host.Runtime;
using SeCo.Plugins.Sources.Synthetic;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Stages;
using SeCo.Sdk.Tensors;

namespace Sources.Synthetic.Tests;

/// <summary>Runs the synthetic source stage the way the host does, with a context built by hand.</summary>
internal static class StageHarness
{
    private static readonly Lazy<TensorContext> s_tensors = new(() => TensorContext.Create("cpu"));

    public static StageContext Context(string outputDirectory, IStageProgress? progress = null, int seed = 0) => new()
    {
        StageId = "source",
        OutputDirectory = outputDirectory,
        PipelineDirectory = outputDirectory,
        Logger = NullLogger.Instance,
        Progress = progress ?? new RecordingProgress(),
        Seed = seed,
        Tensors = s_tensors.Value,
        Services = new NoServices(),
    };

    public static async Task<(ImageSet Images, LabelSet Labels)> RunAsync(string outputDirectory, SyntheticSourceOptions options,
        IStageProgress? progress = null, int seed = 0, CancellationToken cancellationToken = default)
    {
        var outputs = await new SyntheticSourceStage().RunAsync(Context(outputDirectory, progress, seed), options, StageInputs.Empty,
            cancellationToken);
        return ((ImageSet)outputs.Artifacts["images"], (LabelSet)outputs.Artifacts["labels"]);
    }

    private sealed class NoServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
