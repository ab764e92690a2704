using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SeCo.Plugins.Adapt.UniMatch.Data;
using SeCo.Plugins.Adapt.UniMatch.Losses;
using SeCo.Plugins.Adapt.UniMatch.Modeling;
using SeCo.Plugins.Adapt.UniMatch.Optimization;
using SeCo.Sdk.Stages;
using SeCo.Vision.Optimization;
using SeCo.Vision.Training;
using static TorchSharp.torch;

namespace SeCo.Plugins.Adapt.UniMatch.Training;

/// <summary>
/// Plain supervised training of a <see cref="DeepLabV3Plus"/>: UniMatch's labelled stream alone (train transforms,
/// cross-entropy ignoring 255, <see cref="UniMatchOptimizer"/> with the poly schedule set after each step). Saves
/// <c>latest.pth</c> (UniMatch layout) every <see cref="TrainingSettings.CheckpointInterval"/> iterations and at the
/// end, resumes from it, and logs every iteration's loss and learning rate with <see cref="TrainingLog"/> (TensorBoard events and JSON lines).
/// </summary>
public sealed class SupervisedTrainer
{
    private readonly DeepLabV3Plus _model;
    private readonly Sgd _optimizer;
    private readonly TrainingSettings _settings;
    private readonly ILogger _logger;
    private readonly Device _device;
    private readonly IgnoreIndexCrossEntropy _criterion = new();

    /// <summary>Creates the trainer.</summary>
    public SupervisedTrainer(DeepLabV3Plus model, Sgd optimizer, TrainingSettings settings, ILogger logger, Device device)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        _model = model;
        _optimizer = optimizer;
        _settings = settings;
        _logger = logger;
        _device = device;
    }

    /// <summary>Trains <see cref="TrainingSettings.Iterations"/> iterations on <paramref name="dataset"/>; returns the final state.</summary>
    /// <param name="dataset">Images with their labels.</param>
    /// <param name="outputDirectory">Folder of <c>latest.pth</c> and the loss log.</param>
    /// <param name="progress">Progress sink (phase <c>train</c>).</param>
    /// <param name="cancellationToken">Stops between iterations (the last checkpoint stays).</param>
    public TrainingState Train(SemiDataset dataset, string outputDirectory, IStageProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(progress);
        Directory.CreateDirectory(outputDirectory);
        var sampler = new TrainingSampler(_settings.Seed, dataset.Count, dataset.Count, _settings.BatchSize);
        var total = _settings.Iterations ?? (long)sampler.IterationsPerEpoch * _settings.Epochs;
        var latest = Path.Combine(outputDirectory, UniMatchTrainer.LatestFile);
        var state = new TrainingState(0, 0, 0);
        if (File.Exists(latest))
        {
            state = UniMatchCheckpoint.Load(latest, _model, _optimizer);
            _logger.LogInformation("Supervised: resuming from {Checkpoint} after iteration {Iteration}", latest, state.Iterations);
        }

        if (state.Iterations > 0)
        {
            _optimizer.UpdateLearningRate(state.Iterations - 1, total);
        }

        using var log = TrainingLog.Open(_settings.LogDirectory ?? outputDirectory, state.Iterations);
        var logEvery = Math.Max(1, total / 20);
        var stopwatch = Stopwatch.StartNew();
        var first = state.Iterations;
        var meter = 0.0;
        var meterCount = 0;
        for (var iteration = state.Iterations; iteration < total; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var loss = Step(dataset, sampler, iteration);
            var learningRate = _optimizer.UpdateLearningRate(iteration, total);
            log.Scalar("train/loss", iteration + 1, loss);
            log.Scalar("train/lr", iteration + 1, learningRate);
            meter += loss;
            meterCount++;
            if (iteration % logEvery == 0 || iteration + 1 == total)
            {
                _logger.LogInformation("Supervised: Iters: {Iteration}/{Total}, LR: {LearningRate:F6}, loss {Loss:F3} (mean since last line), {Seconds:F2} s/it",
                    iteration, total, learningRate, meter / meterCount, stopwatch.Elapsed.TotalSeconds / (iteration - first + 1));
                meter = 0;
                meterCount = 0;
            }

            var done = iteration + 1;
            state = new TrainingState(done, (int)(iteration / sampler.IterationsPerEpoch), 0);
            if (done % _settings.CheckpointInterval == 0 || done == total)
            {
                UniMatchCheckpoint.Save(latest, _model, _optimizer, state);
            }

            progress.Report(done, total, "train");
        }

        return state;
    }

    private double Step(SemiDataset dataset, TrainingSampler sampler, long iteration)
    {
        using var scope = NewDisposeScope();
        var (indices, _) = sampler.Indices(iteration);
        var size = _settings.CropSize;
        var samples = new LabeledSample[indices.Length];
        Parallel.For(0, indices.Length, slot => samples[slot] = dataset.LoadLabeled(indices[slot], sampler.Augmentation(iteration, 0, slot)));
        var images = new float[samples.Length * 3 * size * size];
        var masks = new long[samples.Length * size * size];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i].Image.CopyTo(images, i * 3 * size * size);
            samples[i].Mask.CopyTo(masks, i * size * size);
        }

        var x = tensor(images, [samples.Length, 3, size, size]).to(_device);              // [B, 3, S, S]
        var y = tensor(masks, [samples.Length, size, size]).to(_device);                   // [B, S, S]
        _model.train();
        var loss = _criterion.Compute(_model.forward(x), y);
        _optimizer.ZeroGrad();
        loss.backward();
        _optimizer.Step();
        return loss.detach().cpu().item<float>();
    }
}
