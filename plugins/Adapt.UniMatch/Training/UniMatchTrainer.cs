using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SeCo.Plugins.Adapt.UniMatch.Data;
using SeCo.Plugins.Adapt.UniMatch.Evaluation;
using SeCo.Plugins.Adapt.UniMatch.Losses;
using SeCo.Plugins.Adapt.UniMatch.Modeling;
using SeCo.Plugins.Adapt.UniMatch.Optimization;
using SeCo.Sdk.Stages;
using SeCo.Vision.Optimization;
using SeCo.Vision.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Plugins.Adapt.UniMatch.Training;

/// <summary>
/// UniMatch's training loop (<c>unimatch.py</c>): per iteration the eval-mode prediction of the mix images, CutMix of
/// the strong views, the feature-perturbed forward on <c>cat(x, u_w)</c>, the forward on <c>cat(s1, s2)</c>, the
/// UniMatch loss, backward, SGD step and the poly learning rate set after the step. Saves <c>latest.pth</c> every
/// <see cref="TrainingSettings.CheckpointInterval"/> iterations and at each epoch end, evaluates at epoch ends when a
/// held-out set is given (<c>best.pth</c> when mIoU improves), and resumes from <c>latest.pth</c>.
/// </summary>
public sealed class UniMatchTrainer
{
    /// <summary>Name of the last checkpoint.</summary>
    public const string LatestFile = "latest.pth";

    /// <summary>Name of the best checkpoint.</summary>
    public const string BestFile = "best.pth";

    private readonly DeepLabV3Plus _model;
    private readonly Sgd _optimizer;
    private readonly UniMatchLoss _loss;
    private readonly TrainingSettings _settings;
    private readonly ILogger _logger;
    private readonly Device _device;

    /// <summary>Creates the trainer.</summary>
    public UniMatchTrainer(DeepLabV3Plus model, Sgd optimizer, UniMatchLoss loss, TrainingSettings settings, ILogger logger, Device device)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        _model = model;
        _optimizer = optimizer;
        _loss = loss;
        _settings = settings;
        _logger = logger;
        _device = device;
    }

    /// <summary>
    /// Runs one iteration on a batch and returns its losses. The caller sets the learning rate for the next step
    /// (<see cref="PolyLearningRate.UpdateLearningRate"/>), as the reference does after the step.
    /// </summary>
    public StepLosses Step(TrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        var size = _settings.CropSize;
        var x = Images(batch.Labeled.Select(s => s.Image), size);                  // [Bl, 3, S, S]
        var maskX = Masks(batch.Labeled.Select(s => s.Mask), size);                // [Bl, S, S]
        var uW = Images(batch.Unlabeled.Select(s => s.Weak), size);                // [Bu, 3, S, S]
        var uS1 = Images(batch.Unlabeled.Select(s => s.Strong1), size);
        var uS2 = Images(batch.Unlabeled.Select(s => s.Strong2), size);
        var ignore = Masks(batch.Unlabeled.Select(s => s.IgnoreMask), size);
        var box1 = Boxes(batch.Unlabeled.Select(s => s.Box1), size);               // [Bu, S, S]
        var box2 = Boxes(batch.Unlabeled.Select(s => s.Box2), size);
        var uWMix = Images(batch.Mix.Select(s => s.Weak), size);
        var uS1Mix = Images(batch.Mix.Select(s => s.Strong1), size);
        var uS2Mix = Images(batch.Mix.Select(s => s.Strong2), size);
        var ignoreMix = Masks(batch.Mix.Select(s => s.IgnoreMask), size);

        Tensor predUWMix;
        using (no_grad())
        {
            _model.eval();
            predUWMix = _model.forward(uWMix).detach();                            // [Bu, C, S, S]
        }

        uS1 = CutMix.Paste(uS1, uS1Mix, box1);
        uS2 = CutMix.Paste(uS2, uS2Mix, box2);

        _model.train();
        var labeledCount = x.shape[0];
        var (preds, predsFp) = _model.ForwardWithFeaturePerturbation(cat([x, uW], 0)); // [Bl+Bu, C, S, S] each
        var predX = preds[..(int)labeledCount];
        var predUW = preds[(int)labeledCount..];
        var predUWFp = predsFp[(int)labeledCount..];
        var strong = _model.forward(cat([uS1, uS2], 0)).chunk(2, 0);              // 2 x [Bu, C, S, S]

        var result = _loss.Compute(new UniMatchLossInputs(predX, maskX, predUW, predUWFp, strong[0], strong[1], predUWMix,
            ignore, ignoreMix, box1, box2));
        _optimizer.ZeroGrad();
        result.Loss.backward();
        _optimizer.Step();
        var values = stack([result.Loss.detach(), result.LossX.detach(), result.LossUS.detach(), result.LossUWFp.detach(),
            result.MaskRatio.detach().to_type(ScalarType.Float32)]).cpu().data<float>().ToArray();
        return new StepLosses(values[0], values[1], values[2], values[3], values[4]);
    }

    /// <summary>
    /// Trains from <paramref name="outputDirectory"/>'s <c>latest.pth</c> when it exists, else from the model's current
    /// weights; writes <c>latest.pth</c> (and <c>best.pth</c>) there.
    /// </summary>
    /// <remarks>
    /// Replaces the model's <see cref="DeepLabV3Plus.FeatureDropout"/> by one drawing from a generator seeded per
    /// iteration, so with the same seed and thread count a resumed run ends with the weights of an uninterrupted one.
    /// </remarks>
    /// <param name="labeled">The labelled dataset (already repeated to the unlabelled length).</param>
    /// <param name="unlabeled">The unlabelled dataset.</param>
    /// <param name="evaluation">Held-out images and ground truth, or null.</param>
    /// <param name="outputDirectory">Checkpoint folder; the training log (<see cref="TrainingLog"/>) goes to <see cref="TrainingSettings.LogDirectory"/>, else here too.</param>
    /// <param name="progress">Progress sink (phase <c>train</c>).</param>
    /// <param name="cancellationToken">Stops between iterations (the last checkpoint stays).</param>
    /// <returns>The final training state.</returns>
    public async Task<TrainingState> TrainAsync(SemiDataset labeled, SemiDataset unlabeled, EvaluationSet? evaluation, string outputDirectory,
        IStageProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(labeled);
        ArgumentNullException.ThrowIfNull(unlabeled);
        ArgumentNullException.ThrowIfNull(progress);
        Directory.CreateDirectory(outputDirectory);
        var sampler = new TrainingSampler(_settings.Seed, labeled.Count, unlabeled.Count, _settings.BatchSize);
        var perEpoch = sampler.IterationsPerEpoch;
        var total = _settings.Iterations ?? (long)perEpoch * _settings.Epochs;
        var latest = Path.Combine(outputDirectory, LatestFile);
        var state = new TrainingState(0, -1, 0);
        if (File.Exists(latest))
        {
            state = UniMatchCheckpoint.Load(latest, _model, _optimizer);
            if (state.Iterations < 0)
            {
                state = state with { Iterations = (state.Epoch + 1L) * perEpoch };
            }

            _logger.LogInformation("UniMatch: resuming from {Checkpoint} after iteration {Iteration} (epoch {Epoch}, previous best {Best:F2})",
                latest, state.Iterations, state.Epoch, state.PreviousBest);
        }

        if (state.Iterations > 0)
        {
            _optimizer.UpdateLearningRate(state.Iterations - 1, total);
        }

        // Loss, learning rate and evaluation IoU per step, for TensorBoard and the run report (values already on the CPU).
        using var log = TrainingLog.Open(_settings.LogDirectory ?? outputDirectory, state.Iterations);

        var logEvery = Math.Max(1, perEpoch / 8);
        var meters = new double[5];
        var meterCount = 0;
        var stopwatch = Stopwatch.StartNew();
        var firstIteration = state.Iterations;
        await using var producer = new TrainingBatchProducer(labeled, unlabeled, sampler, state.Iterations, total, _settings.PrefetchBatches, cancellationToken);
        for (var iteration = state.Iterations; iteration < total; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = await producer.NextAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The batch producer ended before iteration {iteration}.");
            // Dropout masks from a per-iteration generator: a resumed run draws the same masks, whatever else uses torch's default generator.
            using var dropoutGenerator = new Generator((ulong)sampler.TorchSeed(iteration), _device);
            _model.FeatureDropout = new BernoulliChannelDropoutMasks(0.5, dropoutGenerator);
            var losses = Step(batch);
            log.Scalar("train/loss", iteration + 1, losses.Loss);
            log.Scalar("train/loss_x", iteration + 1, losses.LossX);
            log.Scalar("train/loss_s", iteration + 1, losses.LossS);
            log.Scalar("train/loss_w_fp", iteration + 1, losses.LossWFp);
            log.Scalar("train/mask_ratio", iteration + 1, losses.MaskRatio);
            log.Scalar("train/lr", iteration + 1, _optimizer.Groups[0].LearningRate);
            var learningRate = _optimizer.UpdateLearningRate(iteration, total);
            var step = (int)(iteration % perEpoch);
            if (step == 0)
            {
                Array.Clear(meters);
                meterCount = 0;
            }

            meters[0] += losses.Loss;
            meters[1] += losses.LossX;
            meters[2] += losses.LossS;
            meters[3] += losses.LossWFp;
            meters[4] += losses.MaskRatio;
            meterCount++;
            if (step % logEvery == 0)
            {
                _logger.LogInformation(
                    "UniMatch: Iters: {Iteration}, LR: {LearningRate:F7}, Total loss: {Loss:F3}, Loss x: {LossX:F3}, Loss s: {LossS:F3}, Loss w_fp: {LossWFp:F3}, Mask ratio: {MaskRatio:F3}, {Seconds:F2} s/it",
                    iteration, learningRate, meters[0] / meterCount, meters[1] / meterCount, meters[2] / meterCount, meters[3] / meterCount,
                    meters[4] / meterCount, stopwatch.Elapsed.TotalSeconds / (iteration - firstIteration + 1));
            }

            var done = iteration + 1;
            var epochEnd = done % perEpoch == 0 || done == total;
            var epoch = (int)((done - 1) / perEpoch);
            var completedEpoch = epochEnd ? epoch : state.Epoch;
            var best = state.PreviousBest;
            if (epochEnd && evaluation is not null)
            {
                var scores = Score(evaluation, cancellationToken);
                var miou = scores.Value();
                log.Scalar("eval/miou", done, miou);
                var classIoU = scores.ClassIoU();
                for (var c = 0; c < classIoU.Length; c++)
                {
                    log.Scalar($"eval/iou/{ClassName(c)}", done, classIoU[c]);
                }

                _logger.LogInformation("UniMatch: epoch {Epoch} evaluation ({Mode}) mIoU {MIoU:F2}", epoch, _settings.EvaluationMode, miou);
                if (miou > best)
                {
                    best = miou;
                    UniMatchCheckpoint.Save(Path.Combine(outputDirectory, BestFile), _model, _optimizer,
                        new TrainingState(done, completedEpoch, best));
                }
            }

            state = new TrainingState(done, completedEpoch, best);
            if (epochEnd || done % _settings.CheckpointInterval == 0)
            {
                UniMatchCheckpoint.Save(latest, _model, _optimizer, state);
            }

            progress.Report(done, total, "train");
        }

        return state;
    }

    /// <summary>mIoU (percent) of the model on the held-out set, with the configured mode.</summary>
    public double Evaluate(EvaluationSet evaluation, CancellationToken cancellationToken) => Score(evaluation, cancellationToken).Value();

    /// <summary>The model's intersections and unions on the held-out set, with the configured mode.</summary>
    public MeanIoU Score(EvaluationSet evaluation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        _model.eval();
        var evaluator = new SegmentationEvaluator(_model.forward, _settings.EvaluationMode, _settings.CropSize, _settings.AccumulatorChannels);
        var miou = new MeanIoU(_model.Config.NumClasses);
        foreach (var (imagePath, groundTruthPath) in evaluation.Items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var (image, groundTruth) = evaluation.Load(imagePath, groundTruthPath, _device);
            var prediction = evaluator.Predict(image);                                  // [1, h, w]
            var target = evaluator.CropGroundTruth(groundTruth);                        // [1, h, w]
            miou.Add(prediction.cpu().data<long>().ToArray(), target.to_type(ScalarType.Byte).cpu().data<byte>().ToArray());
        }

        return miou;
    }

    private string ClassName(int index) =>
        _settings.ClassNames is { } names && index < names.Count ? names[index] : index.ToString("00", System.Globalization.CultureInfo.InvariantCulture);

    private Tensor Images(IEnumerable<float[]> images, int size)
    {
        var list = images.ToList();
        var data = new float[list.Count * 3 * size * size];
        for (var i = 0; i < list.Count; i++)
        {
            list[i].CopyTo(data, i * 3 * size * size);
        }

        return tensor(data, [list.Count, 3, size, size]).to(_device);
    }

    private Tensor Masks(IEnumerable<long[]> masks, int size)
    {
        var list = masks.ToList();
        var data = new long[list.Count * size * size];
        for (var i = 0; i < list.Count; i++)
        {
            list[i].CopyTo(data, i * size * size);
        }

        return tensor(data, [list.Count, size, size]).to(_device);
    }

    private Tensor Boxes(IEnumerable<CutMixBox?> boxes, int size)
    {
        var list = boxes.ToList();
        var data = new float[list.Count * size * size];
        for (var i = 0; i < list.Count; i++)
        {
            CutMixBox.Fill(list[i], data.AsSpan(i * size * size, size * size), size);
        }

        return tensor(data, [list.Count, size, size]).to(_device);
    }
}
