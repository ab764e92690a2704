using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SeCo.Plugins.Adapt.UniMatch.Data;
using SeCo.Plugins.Adapt.UniMatch.Losses;
using SeCo.Plugins.Adapt.UniMatch.Modeling;
using SeCo.Plugins.Adapt.UniMatch.Optimization;
using SeCo.Sdk.Errors;
using SeCo.Sdk.IO;
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
/// With an AdamW optimiser the step is <c>torch.optim.AdamW</c>'s over the SGD's two groups at the SGD's scheduled learning
/// rates (the SGD keeps no momentum then, so <c>latest.pth</c> keeps UniMatch's layout), and AdamW's moments are saved
/// beside each checkpoint (<c>adamw-&lt;iterations&gt;.state</c>) so a stopped run resumes exactly.
/// </summary>
public sealed class SupervisedTrainer : IDisposable
{
    /// <summary>AdamW's decoupled weight decay (PyTorch's default).</summary>
    public const double AdamWWeightDecay = 0.01;

    private readonly DeepLabV3Plus _model;
    private readonly Sgd _optimizer;
    private readonly TrainingSettings _settings;
    private readonly ILogger _logger;
    private readonly Device _device;
    private readonly IgnoreIndexCrossEntropy _criterion = new();
    private readonly TorchSharp.Modules.AdamW? _adamW;

    /// <summary>Creates the trainer.</summary>
    /// <param name="model">The network.</param>
    /// <param name="optimizer">UniMatch's SGD: its groups and poly schedule, and its step unless <paramref name="kind"/> is AdamW.</param>
    /// <param name="settings">What to run.</param>
    /// <param name="logger">Progress lines.</param>
    /// <param name="device">Where the batches go.</param>
    /// <param name="kind">Which optimiser steps.</param>
    public SupervisedTrainer(DeepLabV3Plus model, Sgd optimizer, TrainingSettings settings, ILogger logger, Device device, SupervisedOptimizer kind = SupervisedOptimizer.Sgd)
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
        if (kind == SupervisedOptimizer.AdamW)
        {
            _adamW = TorchSharp.torch.optim.AdamW(
                optimizer.Groups.Select(g => new TorchSharp.Modules.AdamW.ParamGroup(g.Parameters.Select(p => p.Parameter), lr: g.LearningRate, beta1: 0.9, beta2: 0.999, weight_decay: AdamWWeightDecay)),
                beta1: 0.9, beta2: 0.999, weight_decay: AdamWWeightDecay);
        }
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
            LoadAdamW(outputDirectory, state.Iterations);
            _logger.LogInformation("Supervised: resuming from {Checkpoint} after iteration {Iteration}", latest, state.Iterations);
        }

        if (state.Iterations > 0)
        {
            _optimizer.UpdateLearningRate(state.Iterations - 1, total);
            SyncAdamW();
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
            SyncAdamW();
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
                SaveAdamW(outputDirectory, done);
                UniMatchCheckpoint.Save(latest, _model, _optimizer, state);
                DeleteOlderAdamW(outputDirectory, done);
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
        if (_adamW is null)
        {
            _optimizer.Step();
        }
        else
        {
            _adamW.step();
        }

        return loss.detach().cpu().item<float>();
    }

    /// <summary>Releases AdamW's moments (the SGD belongs to the caller).</summary>
    public void Dispose() => _adamW?.Dispose();

    private static string AdamWStatePath(string outputDirectory, long iterations) =>
        Path.Combine(outputDirectory, FormattableString.Invariant($"adamw-{iterations}.state"));

    // AdamW's groups follow the SGD's scheduled learning rates (backbone, head x multiplier).
    private void SyncAdamW()
    {
        if (_adamW is null)
        {
            return;
        }

        var index = 0;
        foreach (var group in _adamW.ParamGroups)
        {
            group.LearningRate = _optimizer.Groups[index++].LearningRate;
        }
    }

    // Written before latest.pth, so every latest.pth has its moments beside it.
    private void SaveAdamW(string outputDirectory, long iterations)
    {
        if (_adamW is not null)
        {
            AtomicFile.Write(AdamWStatePath(outputDirectory, iterations), stream =>
            {
                using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
                _adamW.save_state_dict(writer);
            });
        }
    }

    private void DeleteOlderAdamW(string outputDirectory, long iterations)
    {
        if (_adamW is null)
        {
            return;
        }

        var keep = Path.GetFileName(AdamWStatePath(outputDirectory, iterations));
        foreach (var file in Directory.EnumerateFiles(outputDirectory, "adamw-*.state"))
        {
            if (!string.Equals(Path.GetFileName(file), keep, StringComparison.Ordinal))
            {
                File.Delete(file);
            }
        }
    }

    private void LoadAdamW(string outputDirectory, long iterations)
    {
        if (_adamW is null)
        {
            return;
        }

        var path = AdamWStatePath(outputDirectory, iterations);
        if (!File.Exists(path))
        {
            throw new SeCoInputException(path,
                "The checkpoint to resume from has no AdamW state beside it (was it trained with optimizer sgd?); delete the stage folder's checkpoints to start over.");
        }

        using var reader = new BinaryReader(File.OpenRead(path));
        _adamW.load_state_dict(reader);
    }
}
