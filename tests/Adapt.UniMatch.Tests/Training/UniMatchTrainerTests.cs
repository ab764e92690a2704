using Microsoft.Extensions.Logging.Abstractions;
using SeCo.Plugins.Adapt.UniMatch.Data;
using SeCo.Plugins.Adapt.UniMatch.Losses;
using SeCo.Plugins.Adapt.UniMatch.Modeling;
using SeCo.Plugins.Adapt.UniMatch.Optimization;
using SeCo.Plugins.Adapt.UniMatch.Training;
using SeCo.Sdk.Errors;
using SeCo.Sdk.Stages;
using SeCo.Testing;
using SeCo.Vision.Checkpoints;
using SeCo.Vision.Training;
using static TorchSharp.torch;

namespace Adapt.UniMatch.Tests.Training;

public sealed class UniMatchTrainerTests
{
    private const int Crop = 32;

    [Fact]
    public async Task Run_cancelled_after_a_checkpoint_resumes_there_and_ends_with_the_weights_of_an_uninterrupted_run()
    {
        using var temp = new TempDirectory();
        var (labeled, unlabeled) = Datasets(temp.Path);

        var straight = await Train(temp.File("straight"), labeled, unlabeled, cancelAfter: null);
        var interrupted = () => Train(temp.File("resumed"), labeled, unlabeled, cancelAfter: 2);
        await interrupted.Should().ThrowAsync<OperationCanceledException>();
        using (var file = Pth.Open(temp.File("resumed", UniMatchTrainer.LatestFile)))
        {
            file[UniMatchCheckpoint.IterationsKey].Should().Be(2L, "the checkpoint interval is 2");
        }

        var resumed = await Train(temp.File("resumed"), labeled, unlabeled, cancelAfter: null);

        resumed.Keys.Should().Equal(straight.Keys);
        foreach (var (key, value) in straight)
        {
            resumed[key].eq(value).all().item<bool>().Should().BeTrue($"{key} must not depend on the interruption");
        }

        // The training log of the resumed run holds every step once, with the uninterrupted run's losses.
        var straightLog = TensorBoardEvents.ReadScalars(temp.File("straight", TrainingLog.TensorBoardFolder));
        straightLog.Where(s => s.Tag == "train/loss").Should().NotBeEmpty();
        TensorBoardEvents.ReadScalars(temp.File("resumed", TrainingLog.TensorBoardFolder)).Should().Equal(straightLog);
    }

    [Fact]
    public async Task Checkpoint_has_unimatch_layout_with_module_prefixed_weights_and_sgd_state()
    {
        using var temp = new TempDirectory();
        var (labeled, unlabeled) = Datasets(temp.Path);

        await Train(temp.File("run"), labeled, unlabeled, cancelAfter: null);

        using var file = Pth.Open(temp.File("run", UniMatchTrainer.LatestFile));
        file["epoch"].Should().Be(1L, "two epochs of two iterations ran");
        file["previous_best"].Should().Be(0.0);
        var optimizer = (PickleDict)file[UniMatchCheckpoint.OptimizerKey]!;
        ((System.Collections.ICollection)optimizer["param_groups"]!).Count.Should().Be(2);
        var model = (PickleDict)file["model"]!;
        model.Keys.Cast<string>().Should().OnlyContain(k => k.StartsWith("module.", StringComparison.Ordinal));
        model.Keys.Cast<string>().Should().Contain("module.classifier.weight");
    }

    [Fact]
    public void Sampler_repeats_the_same_indices_and_draws_for_an_iteration()
    {
        var sampler = new TrainingSampler(seed: 3, labeledCount: 6, unlabeledCount: 6, batchSize: 2);

        sampler.IterationsPerEpoch.Should().Be(3);
        sampler.Indices(4).Should().BeEquivalentTo(sampler.Indices(4));
        sampler.Augmentation(4, 1, 0).Random().Should().Be(sampler.Augmentation(4, 1, 0).Random());
        var epoch = Enumerable.Range(0, 3).SelectMany(i => sampler.Indices(i).Unlabeled).ToArray();
        epoch.Should().BeEquivalentTo(Enumerable.Range(0, 6), "an epoch visits every unlabelled image once");
    }

    [Fact]
    public async Task Background_and_inline_loading_give_the_same_batches_in_order()
    {
        using var temp = new TempDirectory();
        var (labeled, unlabeled) = Datasets(temp.Path);
        var sampler = new TrainingSampler(5, labeled.Count, unlabeled.Count, 1);
        await using var inline = new TrainingBatchProducer(labeled, unlabeled, sampler, 1, 4, capacity: 0);
        await using var background = new TrainingBatchProducer(labeled, unlabeled, sampler, 1, 4, capacity: 2);

        for (var iteration = 1; iteration < 4; iteration++)
        {
            var a = await inline.NextAsync(CancellationToken.None);
            var b = await background.NextAsync(CancellationToken.None);
            a!.Iteration.Should().Be(iteration);
            b!.Iteration.Should().Be(iteration);
            a.Labeled[0].Image.Should().Equal(b.Labeled[0].Image);
            a.Labeled[0].Mask.Should().Equal(b.Labeled[0].Mask);
            a.Unlabeled[0].Strong1.Should().Equal(b.Unlabeled[0].Strong1);
            a.Mix[0].Strong2.Should().Equal(b.Mix[0].Strong2);
            a.Unlabeled[0].Box1.Should().Be(b.Unlabeled[0].Box1);
        }

        (await inline.NextAsync(CancellationToken.None)).Should().BeNull("iteration 4 is past the end");
        (await background.NextAsync(CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task Unreadable_image_reaches_the_trainer_as_the_loaders_input_error()
    {
        using var temp = new TempDirectory();
        var (labeled, _) = Datasets(temp.Path);
        var broken = new SemiDataset([(temp.File("missing.png"), temp.File("missing_label.png"))], Crop);
        var sampler = new TrainingSampler(0, labeled.Count, broken.Count, 1);
        await using var producer = new TrainingBatchProducer(labeled, broken, sampler, 0, 1);

        var act = async () => await producer.NextAsync(CancellationToken.None);

        (await act.Should().ThrowAsync<SeCoInputException>()).Which.Message.Should().NotBeEmpty();
    }

    private static (SemiDataset Labeled, SemiDataset Unlabeled) Datasets(string root)
    {
        var (images, labels) = TestScenes.Write(root, 4, 40, 24);
        var entries = images.Items.Select((item, i) => (images.ImagePath(item), labels.LabelPath(labels.Items[i]))).ToList();
        return (new SemiDataset(SemiDataset.RepeatLabeled(entries[..2], 2), Crop), new SemiDataset(entries[2..], Crop));
    }

    private static async Task<Dictionary<string, Tensor>> Train(string folder, SemiDataset labeled, SemiDataset unlabeled, int? cancelAfter)
    {
        using var model = new DeepLabV3Plus(DeepLabV3PlusConfig.Tiny(2));
        using (var generator = new Generator(7))
        {
            model.ResetParameters(generator);
        }

        using var optimizer = UniMatchOptimizer.Create(model, 0.01, 1.0);
        var settings = new TrainingSettings { CropSize = Crop, BatchSize = 1, Epochs = 2, CheckpointInterval = 2, Seed = 11 };
        var trainer = new UniMatchTrainer(model, optimizer, new UniMatchLoss(new OhemCrossEntropy(), 0), settings, NullLogger.Instance, CPU);
        using var cancellation = new CancellationTokenSource();
        var progress = new CancellingProgress(cancelAfter, cancellation);
        await trainer.TrainAsync(labeled, unlabeled, null, folder, progress, cancellation.Token);
        return model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
    }

    private sealed class CancellingProgress(int? cancelAfter, CancellationTokenSource cancellation) : IStageProgress
    {
        public void Report(long done, long total, string? phase = null)
        {
            if (done == cancelAfter)
            {
                cancellation.Cancel();
            }
        }
    }
}
