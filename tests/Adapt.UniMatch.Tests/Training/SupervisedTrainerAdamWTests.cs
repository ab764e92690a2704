using Microsoft.Extensions.Logging.Abstractions;
using SeCo.Plugins.Adapt.UniMatch.Data;
using SeCo.Plugins.Adapt.UniMatch.Modeling;
using SeCo.Plugins.Adapt.UniMatch.Optimization;
using SeCo.Plugins.Adapt.UniMatch.Training;
using SeCo.Sdk.Errors;
using SeCo.Sdk.Stages;
using SeCo.Testing;
using TorchSharp;
using static TorchSharp.torch;

namespace Adapt.UniMatch.Tests.Training;

/// <summary><c>train.supervised</c>'s <c>optimizer: adamW</c>: TorchSharp's AdamW steps, the SGD's schedule, exact resume.</summary>
public sealed class SupervisedTrainerAdamWTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void An_adamW_run_stopped_after_a_checkpoint_resumes_to_the_weights_of_an_uninterrupted_run()
    {
        var dataset = Dataset();

        var whole = Weights(Run(dataset, "whole", stopAfter: null));
        var stopped = () => Run(dataset, "resumed", stopAfter: 2);
        stopped.Should().Throw<OperationCanceledException>();
        File.Exists(Path.Combine(_temp.Path, "resumed", "adamw-2.state")).Should().BeTrue("AdamW's moments are saved beside latest.pth");
        var resumed = Weights(Run(dataset, "resumed", stopAfter: null));

        resumed.Keys.Should().Equal(whole.Keys);
        foreach (var (name, value) in whole)
        {
            resumed[name].Should().Equal(value, $"{name} after resuming at iteration 2");
        }

        Directory.GetFiles(Path.Combine(_temp.Path, "resumed"), "adamw-*.state").Select(Path.GetFileName).Should().Equal("adamw-4.state");
    }

    [Fact]
    public void An_adamW_run_moves_the_weights_differently_from_sgd_and_resuming_an_sgd_checkpoint_with_adamW_is_refused()
    {
        var dataset = Dataset();

        var adamW = Weights(Run(dataset, "adamw", stopAfter: null));
        var sgd = Weights(Run(dataset, "sgd", stopAfter: null, SupervisedOptimizer.Sgd));

        adamW.Keys.Any(name => !adamW[name].SequenceEqual(sgd[name])).Should().BeTrue();
        Directory.GetFiles(Path.Combine(_temp.Path, "sgd"), "adamw-*.state").Should().BeEmpty();
        var resume = () => Run(dataset, "sgd", stopAfter: null, SupervisedOptimizer.AdamW, iterations: 6);
        resume.Should().Throw<SeCoInputException>().Which.Message.Should().Contain("no AdamW state");
    }

    private SemiDataset Dataset()
    {
        var (images, labels) = TestScenes.Write(_temp.Path, 4, 40, 24);
        return new SemiDataset(images.Items.Select(item => (images.ImagePath(item), labels.LabelPath(labels.Find(item.Id)!))).ToList(), 32);
    }

    /// <summary>Trains a fresh seeded tiny network for 4 iterations (checkpoints every 2) in <paramref name="folder"/>.</summary>
    private DeepLabV3Plus Run(SemiDataset dataset, string folder, int? stopAfter, SupervisedOptimizer kind = SupervisedOptimizer.AdamW, int iterations = 4)
    {
        var model = new DeepLabV3Plus(DeepLabV3PlusConfig.Tiny(2));
        using (var generator = new Generator(5))
        {
            model.ResetParameters(generator);
        }

        using var optimizer = UniMatchOptimizer.Create(model, 0.001, 10);
        var settings = new TrainingSettings { CropSize = 32, BatchSize = 2, Epochs = 1, Iterations = iterations, CheckpointInterval = 2, Seed = 5 };
        using var stop = new CancellationTokenSource();
        using var trainer = new SupervisedTrainer(model, optimizer, settings, NullLogger.Instance, CPU, kind);
        trainer.Train(dataset, Path.Combine(_temp.Path, folder), new StopAt(stopAfter, stop), stop.Token);
        return model;
    }

    private static Dictionary<string, float[]> Weights(DeepLabV3Plus model)
    {
        using (model)
        {
            return model.state_dict().Where(p => p.Value.dtype == ScalarType.Float32).ToDictionary(p => p.Key, p => p.Value.data<float>().ToArray());
        }
    }

    /// <summary>Cancels the run once <c>done</c> reaches the given iteration (the trainer stops before the next one).</summary>
    private sealed class StopAt(int? iteration, CancellationTokenSource source) : IStageProgress
    {
        public void Report(long done, long total, string? phase = null)
        {
            if (done == iteration)
            {
                source.Cancel();
            }
        }
    }
}
