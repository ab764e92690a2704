using SeCo.Plugins.Adapt.UniMatch.Modeling;
using SeCo.Plugins.Adapt.UniMatch.Stages;
using SeCo.Plugins.Adapt.UniMatch.Training;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Sdk.Stages;
using SeCo.Testing;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Adapt.UniMatch.Tests.Stages;

/// <summary>train.supervised → adapt.bn → predict on tiny scenes, and UniMatch's initial checkpoint port.</summary>
public sealed class DomainShiftStagesTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The scenes' two classes; the networks take their class count from the pipeline's taxonomy.</summary>
    private static readonly System.Text.Json.JsonElement s_twoClasses =
        TestStage.Json("""{"name": "two", "classes": [{"name": "a", "color": [0, 0, 0]}, {"name": "b", "color": [255, 255, 255]}]}""");

    private static SupervisedTrainingOptions Tiny => new()
    {
        Backbone = SegmenterBackbone.Tiny, CropSize = 32, BatchSize = 2, Iterations = 4, CheckpointInterval = 2, LearningRate = 0.01,
    };

    [Fact]
    public async Task Supervised_training_writes_a_described_checkpoint_and_a_loss_and_learning_rate_per_iteration_deterministically()
    {
        var (images, labels) = TestScenes.Write(_temp.Path, 4, 40, 24);

        var first = await Train(images, labels, "train-a");
        var second = await Train(images, labels, "train-b");

        first.Architecture.Should().Be("deeplabv3plus-tiny");
        first.Metadata[SegmenterCheckpoint.ClassesKey].Should().Be("2");
        File.Exists(first.Path).Should().BeTrue();
        var log = TrainingLog.Read(Path.Combine(StageFolder(first), TrainingLog.JsonFileName));
        log.Where(r => r.Tag == "train/loss").Select(r => r.Step).Should().Equal(1, 2, 3, 4);
        log.Where(r => r.Tag == "train/lr").Select(r => r.Step).Should().Equal(1, 2, 3, 4);
        TrainingLog.Read(Path.Combine(StageFolder(second), TrainingLog.JsonFileName)).Should().Equal(log, "same seed, same losses");
    }

    [Fact]
    public void Batch_norm_reestimation_averages_the_batches_statistics_and_keeps_the_weights()
    {
        using var model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4));
        var conv = (Conv2d)model.children().First();
        var norm = (BatchNorm2d)model.children().Last();
        using var weightBefore = conv.weight!.detach().clone();
        using var a = randn(2, 3, 8, 8);
        using var b = randn(3, 3, 8, 8) * 2 + 1;
        Tensor meanA, meanB, varA, varB;
        using (no_grad())
        {
            using var fa = conv.forward(a);
            using var fb = conv.forward(b);
            meanA = fa.mean([0, 2, 3]);
            meanB = fb.mean([0, 2, 3]);
            varA = fa.var([0, 2, 3]);                    // unbiased, as BatchNorm's running_var
            varB = fb.var([0, 2, 3]);
        }

        var count = BatchNormReestimation.Run(model, new[] { a.clone(), b.clone() });

        count.Should().Be(2);
        model.training.Should().BeFalse();
        norm.running_mean!.allclose((meanA + meanB) / 2, rtol: 1e-4, atol: 1e-5).Should().BeTrue();
        norm.running_var!.allclose((varA + varB) / 2, rtol: 1e-4, atol: 1e-5).Should().BeTrue();
        conv.weight!.eq(weightBefore).all().item<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task Bn_adaptation_changes_only_statistics_and_predict_writes_argmax_maps_and_cbst_pseudo_labels()
    {
        var (images, labels) = TestScenes.Write(_temp.Path, 4, 40, 24);
        var trained = await Train(images, labels, "train");

        var adapted = (Checkpoint)(await new BatchNormAdaptStage().RunAsync(TestStage.Context(_temp.Path, stageId: "base"), new BatchNormAdaptOptions { BatchSize = 4 },
            Inputs(("checkpoint", trained), ("images", images)), CancellationToken.None)).Artifacts["checkpoint"];

        adapted.Architecture.Should().Be(trained.Architecture);
        using (var before = SegmenterCheckpoint.Load(trained))
        using (var after = SegmenterCheckpoint.Load(adapted))
        {
            var afterState = after.state_dict();
            foreach (var (key, value) in before.state_dict())
            {
                var same = value.eq(afterState[key]).all().item<bool>();
                if (key.EndsWith("running_mean", StringComparison.Ordinal) || key.EndsWith("running_var", StringComparison.Ordinal))
                {
                    continue;
                }

                if (!key.EndsWith("num_batches_tracked", StringComparison.Ordinal))
                {
                    same.Should().BeTrue(key);
                }
            }

            before.state_dict().Where(p => p.Key.EndsWith("running_mean", StringComparison.Ordinal))
                .Should().Contain(p => !p.Value.eq(afterState[p.Key]).all().item<bool>(), "the statistics were re-estimated");
        }

        var outputs = (await new PredictStage().RunAsync(TestStage.Context(_temp.Path, stageId: "predict"), new PredictOptions { Portion = 0.5 },
            Inputs(("checkpoint", adapted), ("images", images)), CancellationToken.None)).Artifacts;
        var predictions = (LabelSet)outputs["predictions"];
        var pseudo = (LabelSet)outputs["labels"];
        predictions.Items.Select(i => i.Id).Should().Equal(images.Items.Select(i => i.Id));
        long labelled = 0, total = 0;
        foreach (var item in images.Items)
        {
            var argmax = LabelMapIO.Read(predictions.LabelPath(predictions.Find(item.Id)!));
            var label = LabelMapIO.Read(pseudo.LabelPath(pseudo.Find(item.Id)!));
            (argmax.Width, argmax.Height).Should().Be((40, 24));
            argmax.Data.Should().OnlyContain(v => v < 2);
            label.Data.Should().OnlyContain(v => v < 2 || v == LabelMap.Ignore);
            labelled += label.Data.Count(v => v != LabelMap.Ignore);
            total += label.Data.Length;
        }

        labelled.Should().BeInRange(1, total - 1, "CBST keeps part of the pixels");
        File.Exists(Path.Combine(pseudo.Root, PredictStage.ThresholdsFileName)).Should().BeTrue();
    }

    [Fact]
    public async Task Predict_resumes_a_killed_run_on_the_item_loop_and_writes_the_same_bytes()
    {
        var (images, labels) = TestScenes.Write(_temp.Path, 4, 40, 24);
        var trained = await Train(images, labels, "train");
        async Task<string> Predict()
        {
            var outputs = (await new PredictStage().RunAsync(TestStage.Context(_temp.Path, stageId: "predict"), new PredictOptions(),
                Inputs(("checkpoint", trained), ("images", images)), CancellationToken.None)).Artifacts;
            ((LabelSet)outputs["predictions"]).Items.Should().HaveCount(images.Items.Count);
            ((LabelSet)outputs["labels"]).Items.Should().HaveCount(images.Items.Count);
            return ((LabelSet)outputs["labels"]).Root;
        }

        var root = await Predict();
        var files = Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes);
        files.Keys.Should().Contain(PredictStage.ThresholdsFileName).And.HaveCount(1 + 2 * images.Items.Count);

        // Killed while labelling: one label missing. Killed while predicting: the thresholds, a prediction and its label missing.
        File.Delete(Path.Combine(root, "labels", images.Items[1].Id.Replace('/', '_') + ".png"));
        await Predict();
        File.Delete(Path.Combine(root, PredictStage.ThresholdsFileName));
        File.Delete(Path.Combine(root, "predictions", images.Items[2].Id.Replace('/', '_') + ".png"));
        File.Delete(Path.Combine(root, "labels", images.Items[2].Id.Replace('/', '_') + ".png"));
        await Predict();

        foreach (var (relative, bytes) in files)
        {
            File.ReadAllBytes(Path.Combine(root, relative)).Should().Equal(bytes, relative);
        }
    }

    [Fact]
    public async Task Predict_refuses_a_checkpoint_whose_probabilities_are_not_finite_with_the_checkpoint_and_image_named()
    {
        var (images, labels) = TestScenes.Write(_temp.Path, 4, 40, 24);
        var trained = await Train(images, labels, "train");
        var diverged = Path.Combine(_temp.Path, "diverged.pth");
        using (var model = SegmenterCheckpoint.Load(trained))
        using (no_grad())
        {
            model.parameters().Last().fill_(float.NaN);             // what a diverged training leaves behind
            SegmenterCheckpoint.SaveWeights(diverged, model);
        }

        var checkpoint = SegmenterCheckpoint.Describe(diverged, "tiny", 2);
        var act = () => new PredictStage().RunAsync(TestStage.Context(_temp.Path, stageId: "predict-diverged"), new PredictOptions { Portion = 0.5 },
            Inputs(("checkpoint", checkpoint), ("images", images)), CancellationToken.None);

        var error = (await act.Should().ThrowAsync<SeCoInputException>()).Which;
        error.Message.Should().Contain("not finite");
        error.Location.File.Should().Be(diverged);
        error.Location.Item.Should().Be(images.Items[0].Id);
        File.Exists(Path.Combine(_temp.Path, "runs", "predict-diverged", PredictStage.ThresholdsFileName)).Should().BeFalse("nothing is written from NaN probabilities");
    }

    [Fact]
    public async Task Unimatch_refuses_an_initial_checkpoint_of_another_architecture()
    {
        var (images, labels) = TestScenes.Write(_temp.Path, 4, 40, 24);
        var trained = await Train(images, labels, "train");
        var split = new Split(_temp.Path, [images.Items[0].Id], images.Items.Skip(1).Select(i => i.Id).ToArray());
        var options = new UniMatchOptions { Backbone = SegmenterBackbone.Tiny, CropSize = 32, BatchSize = 1, Iterations = 1 };
        var threeClasses = TestStage.Json("""{"name": "three", "classes": [{"name": "a", "color": [0, 0, 0]}, {"name": "b", "color": [1, 1, 1]}, {"name": "c", "color": [2, 2, 2]}]}""");

        var act = () => new UniMatchStage().RunAsync(TestStage.Context(_temp.Path, threeClasses, stageId: "adapt"), options,
            Inputs(("images", images), ("labels", labels), ("split", split), ("initial", trained)), CancellationToken.None);

        (await act.Should().ThrowAsync<SeCoInputException>()).Which.Message.Should().Contain("2 classes");
    }

    private async Task<Checkpoint> Train(ImageSet images, LabelSet labels, string stageId) =>
        (Checkpoint)(await new SupervisedTrainingStage().RunAsync(TestStage.Context(_temp.Path, s_twoClasses, stageId: stageId, seed: 5), Tiny,
            Inputs(("images", images), ("labels", labels)), CancellationToken.None)).Artifacts["checkpoint"];

    /// <summary>The stage folder of a checkpoint written to <c>&lt;stage&gt;/checkpoints/latest.pth</c>.</summary>
    private static string StageFolder(Checkpoint checkpoint) => Path.GetDirectoryName(Path.GetDirectoryName(checkpoint.Path))!;

    private static StageInputs Inputs(params (string Port, Artifact Artifact)[] inputs) =>
        new(inputs.ToDictionary(i => i.Port, i => i.Artifact));
}
