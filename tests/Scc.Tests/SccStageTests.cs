using SeCo.Plugins.Scc;
using SeCo.Plugins.Scc.Training;
using SeCo.Sdk.Artifacts;
using SeCo.Testing;
using SeCo.Vision.Checkpoints;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Regions;
using SeCo.Vision.Training;
using static Scc.Tests.SccStageFixture;

namespace Scc.Tests;

public sealed class SccStageTests
{
    /// <summary>The demo/test scale: a narrow network on small patches (the reference is 64 channels, 256x512).</summary>
    private static readonly SccOptions s_small = new() { Iterations = 2, BatchSize = 2, CheckpointEvery = 1, BaseChannels = 8, PatchHeight = 32, PatchWidth = 64 };

    [Fact]
    public async Task Stage_extracts_trains_and_paints_corrected_labels_and_resumes_from_its_checkpoint()
    {
        using var temp = new TempDirectory();
        var (images, labels) = WriteInputs(temp.Path);
        var context = Context(temp.Path);

        var outputs = await new SccStage().RunAsync(context, s_small, Inputs(images, labels), CancellationToken.None);

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

        var rerun = await new SccStage().RunAsync(context, s_small, Inputs(images, labels), CancellationToken.None);
        RegionRecordJson.Read(((RegionSet)rerun.Artifacts["regions"]).RegionsPath(regions.Items[0])).Select(r => r.Loss)
            .Should().Equal(records.Select(r => r.Loss), "a finished run resumes from its last checkpoint without training again");
    }

    [Fact]
    public async Task Classes_and_palette_come_from_the_pipeline_taxonomy()
    {
        using var temp = new TempDirectory();
        var (images, labels) = WriteInputs(temp.Path);
        using var taxonomy = System.Text.Json.JsonDocument.Parse(
            """{"name": "abc", "classes": [{"name": "a", "color": [1, 1, 1]}, {"name": "b", "color": [2, 2, 2]}, {"name": "c", "color": [3, 3, 3]}]}""");
        var context = Context(temp.Path, taxonomy: taxonomy.RootElement.Clone());

        var outputs = await new SccStage().RunAsync(context, s_small, Inputs(images, labels), CancellationToken.None);

        using (var file = Pth.Open(((Checkpoint)outputs.Artifacts["checkpoint"]).Path))
        {
            var model = (PickleDict)((PickleDict)file.Root!)[SccCheckpoint.ModelKey]!;
            ((LazyTensor)model["module.fc.bias"]!).Shape.Should().Equal([3L], "the classifier has the taxonomy's three classes");
        }

        var corrected = (LabelSet)outputs.Artifacts["labels"];
        LabelMapIO.Read(corrected.LabelPath(corrected.Items[0]), out var palette);
        palette.Should().NotBeNull();
        palette![0].Should().Be(((byte)1, (byte)1, (byte)1), "labels are written with the taxonomy's colours, not Cityscapes'");
        palette[2].Should().Be(((byte)3, (byte)3, (byte)3));
    }

    [Fact]
    public async Task Checkpoint_has_the_train_src_layout_with_module_prefix_sgd_state_and_iteration()
    {
        using var temp = new TempDirectory();
        var (images, labels) = WriteInputs(temp.Path);

        var outputs = await new SccStage().RunAsync(Context(temp.Path), s_small, Inputs(images, labels), CancellationToken.None);

        using var file = Pth.Open(((Checkpoint)outputs.Artifacts["checkpoint"]).Path);
        var root = (PickleDict)file.Root!;
        root.Keys.Should().Equal(SccCheckpoint.OptimizerKey, SccCheckpoint.ModelKey, SccCheckpoint.IterationKey);
        root[SccCheckpoint.IterationKey].Should().Be(2L);
        var model = (PickleDict)root[SccCheckpoint.ModelKey]!;
        model.IsOrderedDict.Should().BeTrue();
        model.Keys.Cast<string>().Should().OnlyContain(k => k.StartsWith("module.", StringComparison.Ordinal))
            .And.Contain(["module.conv1.weight", "module.bn1.running_mean", "module.layer4.1.bn2.num_batches_tracked", "module.fc.bias"]);
        var groups = SgdStateDict.ReadGroups(file);
        groups.Select(g => g.ParameterCount).Should().Equal(60, 2);
        groups.Select(g => (double)g.Extra["init_lr"]!).Should().Equal(0.001, 0.01);
        groups[1].LearningRate.Should().BeApproximately(0.01 * RegionClassifierTrainer.DecayFactor(2, 2), 1e-15);
        groups.Should().OnlyContain(g => g.Nesterov && g.Momentum == 0.9 && g.WeightDecay == 1e-3);
        var buffers = SgdStateDict.ReadMomentumBuffers(file);
        buffers.Keys.Should().BeEquivalentTo(Enumerable.Range(0, 62), "every parameter has a momentum buffer after a step");
        foreach (var buffer in buffers.Values)
        {
            buffer.Dispose();
        }
    }

    [Fact]
    public async Task Interrupted_training_resumes_to_the_same_weights_momentum_and_losses_as_an_uninterrupted_run()
    {
        using var temp = new TempDirectory();
        var (images, labels) = WriteInputs(temp.Path);
        var options = s_small with { Iterations = 4, CheckpointEvery = 2 };

        var straightContext = Context(temp.Path, "straight");
        var straight = await new SccStage().RunAsync(straightContext, options, Inputs(images, labels), CancellationToken.None);

        using var cancel = new CancellationTokenSource();
        var interrupted = Context(temp.Path, "resumed", new CallbackProgress((done, phase) =>
        {
            if (phase == "train" && done == 3)
            {
                cancel.Cancel();
            }
        }));
        var first = () => new SccStage().RunAsync(interrupted, options, Inputs(images, labels), cancel.Token);
        await first.Should().ThrowAsync<OperationCanceledException>();
        using (var partial = Pth.Open(Path.Combine(interrupted.OutputDirectory, "last.pth")))
        {
            partial[SccCheckpoint.IterationKey].Should().Be(2L, "the run stopped after iteration 3, past the checkpoint of iteration 2");
        }

        var resumed = await new SccStage().RunAsync(Context(temp.Path, "resumed"), options, Inputs(images, labels), CancellationToken.None);

        using var expected = Pth.Open(((Checkpoint)straight.Artifacts["checkpoint"]).Path);
        using var actual = Pth.Open(((Checkpoint)resumed.Artifacts["checkpoint"]).Path);
        actual[SccCheckpoint.IterationKey].Should().Be(4L);
        AssertSameTensors(expected.StateDict(SccCheckpoint.ModelKey), actual.StateDict(SccCheckpoint.ModelKey));
        var expectedBuffers = SgdStateDict.ReadMomentumBuffers(expected);
        var actualBuffers = SgdStateDict.ReadMomentumBuffers(actual);
        AssertSameTensors(expectedBuffers.ToDictionary(p => p.Key.ToString(), p => p.Value), actualBuffers.ToDictionary(p => p.Key.ToString(), p => p.Value));
        var straightRegions = (RegionSet)straight.Artifacts["regions"];
        var resumedRegions = (RegionSet)resumed.Artifacts["regions"];
        RegionRecordJson.Read(resumedRegions.RegionsPath(resumedRegions.Items[0])).Select(r => r.Loss)
            .Should().Equal(RegionRecordJson.Read(straightRegions.RegionsPath(straightRegions.Items[0])).Select(r => r.Loss));

        // The training log: loss and learning rate per iteration in TensorBoard's event file and the JSON lines, each step
        // once after the resume, with the uninterrupted run's values (logging neither changes nor reorders training).
        var straightScalars = TensorBoardEvents.ReadScalars(Path.Combine(straightContext.OutputDirectory, TrainingLog.TensorBoardFolder));
        straightScalars.Where(s => s.Tag == "train/loss").Select(s => s.Step).Should().Equal(1L, 2L, 3L, 4L);
        straightScalars.Where(s => s.Tag == "train/lr").Select(s => (double)s.Value).Should().Equal(
            Enumerable.Range(1, 4).Select(it => (double)(float)(0.01 * RegionClassifierTrainer.DecayFactor(it, 4))));
        TensorBoardEvents.ReadScalars(Path.Combine(interrupted.OutputDirectory, TrainingLog.TensorBoardFolder)).Should().Equal(straightScalars);
        TrainingLog.Read(Path.Combine(interrupted.OutputDirectory, TrainingLog.JsonFileName)).Select(s => (s.Step, s.Tag, (float)s.Value))
            .Should().Equal(straightScalars);
    }

    [Fact]
    public async Task Checkpoint_of_another_configuration_is_refused_with_advice()
    {
        using var temp = new TempDirectory();
        var (images, labels) = WriteInputs(temp.Path);
        var context = Context(temp.Path);
        await new SccStage().RunAsync(context, s_small, Inputs(images, labels), CancellationToken.None);

        var act = () => new SccStage().RunAsync(context, s_small with { Iterations = 3, BaseChannels = 16 }, Inputs(images, labels), CancellationToken.None);

        var error = await act.Should().ThrowAsync<SeCo.Sdk.Errors.SeCoInputException>().WithMessage("*remove it or restore*");
        error.Which.Location.File.Should().EndWith("last.pth");
    }

    private static void AssertSameTensors(Dictionary<string, TorchSharp.torch.Tensor> expected, Dictionary<string, TorchSharp.torch.Tensor> actual)
    {
        actual.Keys.Should().BeEquivalentTo(expected.Keys);
        foreach (var (name, tensor) in expected)
        {
            actual[name].shape.Should().Equal(tensor.shape, name);
            actual[name].eq(tensor).all().item<bool>().Should().BeTrue(name);
            tensor.Dispose();
            actual[name].Dispose();
        }
    }
}
