using SeCo.Plugins.Adapt.UniMatch.Modeling;
using SeCo.Plugins.Adapt.UniMatch.Stages;
using SeCo.Plugins.Adapt.UniMatch.Training;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Stages;
using SeCo.Testing;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Training;

namespace Adapt.UniMatch.Tests.Stages;

public sealed class UniMatchStageTests
{
    [Fact]
    public async Task Split_then_adapt_writes_checkpoints_and_a_prediction_per_image()
    {
        using var temp = new TempDirectory();
        var (images, labels) = TestScenes.Write(temp.Path, 4, 40, 24, n => n * 0.2);
        var splitContext = TestStage.Context(temp.Path, stageId: "split");
        var split = (Split)(await new SplitStage().RunAsync(splitContext, new SplitOptions(),
            new StageInputs(new Dictionary<string, Artifact> { ["images"] = images, ["labels"] = labels }), CancellationToken.None)).Artifacts["split"];
        var progress = new RecordingProgress();
        var twoClasses = TestStage.Json("""{"name": "two", "classes": [{"name": "a", "color": [0, 0, 0]}, {"name": "b", "color": [255, 255, 255]}]}""");
        var context = TestStage.Context(temp.Path, twoClasses, stageId: "adapt", progress: progress);
        var options = new UniMatchOptions { Backbone = SegmenterBackbone.Tiny, CropSize = 32, BatchSize = 1, Iterations = 3, CheckpointInterval = 2 };
        var inputs = new StageInputs(new Dictionary<string, Artifact>
        {
            ["images"] = images,
            ["labels"] = labels,
            ["split"] = split,
            ["evalImages"] = images,
        });

        var outputs = await new UniMatchStage().RunAsync(context, options, inputs, CancellationToken.None);

        var best = (Checkpoint)outputs.Artifacts["checkpoint"];
        var last = (Checkpoint)outputs.Artifacts["last"];
        Path.GetFileName(last.Path).Should().Be(UniMatchTrainer.LatestFile);
        File.Exists(best.Path).Should().BeTrue();
        last.Metadata["iterations"].Should().Be("3");
        var predictions = (LabelSet)outputs.Artifacts["labels"];
        predictions.Items.Select(i => i.Id).Should().Equal(images.Items.Select(i => i.Id));
        foreach (var item in predictions.Items)
        {
            var map = LabelMapIO.Read(predictions.LabelPath(item));
            (map.Width, map.Height).Should().Be((40, 24));
            map.Data.Should().OnlyContain(v => v < 2);
        }
        // The training log: every iteration's losses and learning rate, and the final evaluation's IoU, read back from
        // the TensorBoard event file; the JSON lines hold the same scalars.
        var scalars = TensorBoardEvents.ReadScalars(Path.Combine(context.OutputDirectory, TrainingLog.TensorBoardFolder));
        scalars.Where(s => s.Tag == "train/loss").Select(s => s.Step).Should().Equal(1L, 2L, 3L);
        scalars.Where(s => s.Tag == "train/lr").Select(s => s.Value).Should().HaveCount(3).And.BeInDescendingOrder();
        var evaluations = scalars.Where(s => s.Tag.StartsWith("eval/", StringComparison.Ordinal)).GroupBy(s => s.Step).ToList();
        evaluations.Should().NotBeEmpty().And.Subject.Last().Key.Should().Be(3L, "every epoch end evaluates, the last at the last iteration");
        foreach (var evaluation in evaluations)
        {
            var tags = evaluation.ToDictionary(s => s.Tag, s => s.Value);
            tags.Keys.Should().Equal("eval/miou", "eval/iou/a", "eval/iou/b");
            tags["eval/miou"].Should().BeApproximately((tags["eval/iou/a"] + tags["eval/iou/b"]) / 2, 1e-3f);
        }

        TrainingLog.Read(Path.Combine(context.OutputDirectory, TrainingLog.JsonFileName)).Select(s => (s.Step, s.Tag, (float)s.Value)).Should().Equal(scalars);
    }
}
