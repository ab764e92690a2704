using Microsoft.Extensions.Logging.Abstractions;
using SeCo.Host.Runtime;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Stages;
using SeCo.Sdk.Tensors;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;

namespace Scc.Tests;

/// <summary>Small stage inputs (two 64x32 images, one with three regions, one all-ignore) and a stage context.</summary>
internal static class SccStageFixture
{
    private static readonly Lazy<TensorContext> s_tensors = new(() => TensorContext.Create("cpu"));

    public static StageInputs Inputs(ImageSet images, LabelSet labels) =>
        new(new Dictionary<string, Artifact> { ["images"] = images, ["labels"] = labels });

    public static (ImageSet Images, LabelSet Labels) WriteInputs(string root)
    {
        var image = new RgbImage(64, 32);
        for (var i = 0; i < image.Data.Length; i++)
        {
            image.Data[i] = (byte)(i * 7 % 251);
        }

        RgbImageIO.Write(Path.Combine(root, "a.png"), image);
        RgbImageIO.Write(Path.Combine(root, "b.png"), image);
        var label = new LabelMap(64, 32);
        for (var y = 0; y < 32; y++)
        {
            for (var x = 0; x < 64; x++)
            {
                label.Data[y * 64 + x] = x < 20 ? (byte)0 : x < 40 ? LabelMap.Ignore : y < 16 ? (byte)1 : (byte)2;
            }
        }

        LabelMapIO.Write(Path.Combine(root, "a_label.png"), label);
        var empty = new LabelMap(64, 32);
        Array.Fill(empty.Data, LabelMap.Ignore);
        LabelMapIO.Write(Path.Combine(root, "b_label.png"), empty);
        return (
            new ImageSet(root, [new ImageItem("a", "a.png"), new ImageItem("b", "b.png")]),
            new LabelSet(root, [new LabelItem("a", "a_label.png"), new LabelItem("b", "b_label.png")]));
    }

    public static StageContext Context(string root, string outputName = "scc", IStageProgress? progress = null, System.Text.Json.JsonElement taxonomy = default) => new()
    {
        Taxonomy = taxonomy,
        StageId = "scc",
        OutputDirectory = Path.Combine(root, "runs", outputName),
        PipelineDirectory = root,
        Logger = NullLogger.Instance,
        Progress = progress ?? new CallbackProgress(null),
        Seed = 0,
        Tensors = s_tensors.Value,
        Services = new EmptyServices(),
    };

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }

    /// <summary>Calls back on every report (e.g. to cancel a run part way).</summary>
    public sealed class CallbackProgress(Action<long, string?>? onReport) : IStageProgress
    {
        public void Report(long done, long total, string? phase = null) => onReport?.Invoke(done, phase);
    }
}
