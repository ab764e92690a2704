using Microsoft.Extensions.Logging.Abstractions;
using SeCo.Host.Runtime;
using SeCo.Plugins.Psa.Stages;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Stages;
using SeCo.Sdk.Tensors;
using SeCo.Testing;

namespace Psa.Sam.Tests.Golden;

/// <summary>Runs <see cref="PsaStage"/> directly on the golden PSA data, as a host would.</summary>
internal static class PsaStageRun
{
    private static readonly Lazy<TensorContext> s_tensors = new(() => TensorContext.Create("cpu"));

    /// <summary>The golden images and pseudo-labels of a reference list file (<c>splits/&lt;split&gt;/labeled.txt</c>).</summary>
    public static (ImageSet Images, LabelSet Labels) Inputs(string split)
    {
        var root = GoldenData.PathOf("psa", "data");
        var lines = File.ReadAllLines(GoldenData.PathOf("psa", "splits", split, "labeled.txt"));
        var images = new List<ImageItem>();
        var labels = new List<LabelItem>();
        foreach (var line in lines)
        {
            var parts = line.Split(' ');
            var id = Path.GetFileNameWithoutExtension(parts[1]);
            images.Add(new ImageItem(id, parts[0]));
            labels.Add(new LabelItem(id, parts[1]));
        }

        return (new ImageSet(root, images), new LabelSet(root, labels) { Taxonomy = "cityscapes19" });
    }

    public static StageContext Context(string outputDirectory, RecordingProgress progress, BadItemPolicy onBadItem = BadItemPolicy.Fail) => new()
    {
        OnBadItem = onBadItem,
        StageId = "psa",
        OutputDirectory = outputDirectory,
        PipelineDirectory = GoldenData.Root,
        Logger = NullLogger.Instance,
        Progress = progress,
        Seed = 0,
        Tensors = s_tensors.Value,
        Services = new EmptyServices(),
    };

    public static Task<StageOutputs> RunAsync(string outputDirectory, PsaOptions options, string split, RecordingProgress progress, CancellationToken cancellationToken = default)
    {
        var (images, labels) = Inputs(split);
        return RunAsync(outputDirectory, options, images, labels, progress, BadItemPolicy.Fail, cancellationToken);
    }

    public static Task<StageOutputs> RunAsync(string outputDirectory, PsaOptions options, ImageSet images, LabelSet labels,
        RecordingProgress progress, BadItemPolicy onBadItem, CancellationToken cancellationToken = default)
    {
        var inputs = new StageInputs(new Dictionary<string, Artifact> { ["images"] = images, ["labels"] = labels });
        return new PsaStage().RunAsync(Context(outputDirectory, progress, onBadItem), options, inputs, cancellationToken);
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}

/// <summary>Remembers the progress reports of a stage.</summary>
internal sealed class RecordingProgress : IStageProgress
{
    public List<(long Done, long Total)> Reports { get; } = [];

    public void Report(long done, long total, string? phase = null) => Reports.Add((done, total));
}
