using Microsoft.Extensions.Logging.Abstractions;
using SeCo.Plugins.Scc;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Stages;
using SeCo.Sdk.Tensors;
using SeCo.Testing;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Regions;

namespace Scc.Tests;

public sealed class SccStageTests
{
    private static readonly Lazy<TensorContext> s_tensors = new(() => TensorContext.Create("cpu"));

    [Fact]
    public async Task Stage_extracts_trains_and_paints_corrected_labels_and_resumes_from_its_checkpoint()
    {
        using var temp = new TempDirectory();
        var (images, labels) = WriteInputs(temp.Path);
        var options = new SccOptions { Iterations = 2, BatchSize = 2, CheckpointEvery = 1 };
        var context = Context(temp.Path);

        var outputs = await new SccStage().RunAsync(context, options, Inputs(images, labels), CancellationToken.None);

        var corrected = (LabelSet)outputs.Artifacts["labels"];
        var regions = (RegionSet)outputs.Artifacts["regions"];
        var checkpoint = (Checkpoint)outputs.Artifacts["checkpoint"];
        File.Exists(checkpoint.Path).Should().BeTrue();
        corrected.Items.Should().HaveCount(2);
        var records = RegionRecordJson.Read(regions.RegionsPath(regions.Items[0]));
        records.Should().HaveCount(3);
        records.Should().OnlyContain(r => r.Loss != null && r.GlobalLossThreshold != null);
        var painted = LabelMapIO.Read(corrected.LabelPath(corrected.Items[0]));
        painted.Data.Should().OnlyContain(v => v == LabelMap.Ignore || v < 19);
        LabelMapIO.Read(corrected.LabelPath(corrected.Items[1])).Data.Should().OnlyContain(v => v == LabelMap.Ignore, "an image without regions paints all 255");

        var rerun = await new SccStage().RunAsync(context, options, Inputs(images, labels), CancellationToken.None);
        RegionRecordJson.Read(((RegionSet)rerun.Artifacts["regions"]).RegionsPath(regions.Items[0])).Select(r => r.Loss)
            .Should().Equal(records.Select(r => r.Loss), "a finished run resumes from its last checkpoint without training again");
    }

    private static StageInputs Inputs(ImageSet images, LabelSet labels) =>
        new(new Dictionary<string, Artifact> { ["images"] = images, ["labels"] = labels });

    private static (ImageSet, LabelSet) WriteInputs(string root)
    {
        var image = new RgbImage(64, 32);
        for (var i = 0; i < image.Data.Length; i++)
        {
            image.Data[i] = (byte)(i * 7 % 251);
        }

        RgbImageIO.Write(Path.Combine(root, "a.png"), image);
        RgbImageIO.Write(Path.Combine(root, "b.png"), image);
        var label = new LabelMap(64, 32);
        Array.Fill(label.Data, LabelMap.Ignore);
        for (var y = 0; y < 32; y++)
        {
            for (var x = 0; x < 64; x++)
            {
                label.Data[y * 64 + x] = x < 20 ? (byte)0 : x < 40 ? (byte)255 : y < 16 ? (byte)1 : (byte)2;
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

    private static StageContext Context(string root) => new()
    {
        StageId = "scc",
        OutputDirectory = Path.Combine(root, "runs", "scc"),
        PipelineDirectory = root,
        Logger = NullLogger.Instance,
        Progress = new NullProgress(),
        Seed = 0,
        Tensors = s_tensors.Value,
        Services = new EmptyServices(),
    };

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }

    private sealed class NullProgress : IStageProgress
    {
        public void Report(long done, long total, string? phase = null)
        {
        }
    }
}
