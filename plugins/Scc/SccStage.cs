using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using SeCo.Plugins.Scc.Data;
using SeCo.Plugins.Scc.Filtering;
using SeCo.Plugins.Scc.Modeling;
using SeCo.Plugins.Scc.Noise;
using SeCo.Plugins.Scc.Thresholds;
using SeCo.Plugins.Scc.Training;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Sdk.IO;
using SeCo.Sdk.Stages;
using SeCo.Vision.Checkpoints;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Regions;
using SeCo.Vision.Taxonomies;
using SeCo.Vision.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Plugins.Scc;

/// <summary>
/// Semantic Connectivity Correction: every connected region of the input labels becomes a sample of a
/// mask-gated classifier trained on the noisy labels; regions the classifier finds hard are dropped, kept ones
/// take the predicted class. Phases: extract (per-image region JSON, skipped when present), train (resumes from
/// the last checkpoint), infer/filter/paint.
/// </summary>
[Stage("scc", UsesDevice = true, Description = "Semantic Connectivity Correction: region classifier trained on noisy regions; drops or corrects noisy regions.")]
public sealed class SccStage : IStage<SccOptions>
{
    /// <summary>The images the labels belong to (ground truth, when present, only feeds statistics).</summary>
    public static readonly Port<ImageSet> Images = Port.Input<ImageSet>("images", "Images of the label maps.");

    /// <summary>The (PSA-aggregated) pseudo-labels.</summary>
    public static readonly Port<LabelSet> Labels = Port.Input<LabelSet>("labels", "Pseudo-labels to correct (255 = ignore).");

    /// <summary>The corrected labels.</summary>
    public static readonly Port<LabelSet> CorrectedLabels = Port.Output<LabelSet>("labels", "Corrected pseudo-labels: kept regions with the predicted class, dropped ones 255.");

    /// <summary>Every region with loss, score, prediction and thresholds.</summary>
    public static readonly Port<RegionSet> Regions = Port.Output<RegionSet>("regions", "Per-image region JSON with loss, score, predicted class and thresholds.");

    /// <summary>SCC-LD's noise model and decision counts (<c>scc_ld.json</c>, filterMode gmm); no files in the released modes.</summary>
    public static readonly Port<Report> NoiseModel = Port.Output<Report>("noise", "filterMode gmm: scc_ld.json with the region-loss histogram, the fitted mixture, the thresholds and the regions/pixels kept, relabelled and dropped (no files in the released modes).");

    /// <summary>The trained classifier.</summary>
    public static readonly Port<Checkpoint> Model = Port.Output<Checkpoint>("checkpoint", "The region classifier (torchvision keys with module. prefix).");

    /// <inheritdoc />
    public async Task<StageOutputs> RunAsync(StageContext context, SccOptions options, StageInputs inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(inputs);
        var images = inputs.Get(Images);
        var labels = inputs.Get(Labels);
        var mode = options.FilterMode;
        if (mode == FilterMode.Gmm && options.KeepNoisyLabel)
        {
            throw new SeCoInputException(new InputLocation(JsonPath: "with.keepNoisyLabel"),
                "keepNoisyLabel applies to the released filter modes only; filterMode gmm keeps clean regions' pseudo-labels and relabels noisy ones by its own rule. Remove keepNoisyLabel or choose another filterMode.");
        }

        await Task.Yield();

        var samples = Extract(context, images, labels, cancellationToken);
        context.Logger.LogInformation("SCC: {Regions} regions in {Images} images", samples.Count, labels.Items.Count);
        torch.manual_seed(context.Seed);
        // The classifier predicts the classes of the pipeline's taxonomy (cityscapes19 unless the pipeline or the labels say otherwise).
        var taxonomy = Taxonomy.Resolve(default, context.Taxonomy, labels.Taxonomy);
        using var model = new MaskGatedResNet(options.Depth, taxonomy.Count, options.BaseChannels);
        if (options.Pretrained is not null)
        {
            model.LoadImageNet(context.ResolvePath(options.Pretrained));
        }

        var device = context.Tensors.Device;
        model.to(device);
        var checkpointPath = Path.Combine(context.OutputDirectory, "last.pth");
        using var trainer = new RegionClassifierTrainer(model, options.Iterations, options.LearningRate);
        if (samples.Count >= options.BatchSize)
        {
            var watch = Stopwatch.StartNew();
            Train(context, options, trainer, samples, checkpointPath, cancellationToken);
            context.Logger.LogInformation("SCC: training took {Seconds:F1} s", watch.Elapsed.TotalSeconds);
        }
        else
        {
            context.Logger.LogWarning("SCC: {Regions} regions are fewer than one batch of {Batch}; classifier left untrained", samples.Count, options.BatchSize);
            SccCheckpoint.Save(checkpointPath, model, trainer.Optimizer, 0);
        }

        var inferWatch = Stopwatch.StartNew();
        var predictions = Infer(context, options, model, samples, cancellationToken);
        context.Logger.LogInformation("SCC: classified {Regions} regions in {Seconds:F1} s", predictions.Count, inferWatch.Elapsed.TotalSeconds);
        return Paint(context, options, mode, taxonomy, labels, samples, predictions, checkpointPath, cancellationToken);
    }

    private static List<RegionSample> Extract(StageContext context, ImageSet images, LabelSet labels, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(context.OutputDirectory, "extract");
        Directory.CreateDirectory(folder);
        var imagesById = images.Items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var samples = new List<RegionSample>();
        for (var i = 0; i < labels.Items.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = labels.Items[i];
            if (!imagesById.TryGetValue(item.Id, out var image))
            {
                throw new SeCoInputException(labels.LabelPath(item), $"Label '{item.Id}' has no image with the same id; expected every label map to pair with an image.");
            }

            var jsonPath = Path.Combine(folder, FileName(item.Id) + ".json");
            List<RegionRecord> records;
            if (File.Exists(jsonPath))
            {
                records = RegionRecordJson.Read(jsonPath);
            }
            else
            {
                var map = LabelMapIO.Read(labels.LabelPath(item));
                var gtPath = images.GroundTruthPath(image);
                LabelMap? gt = null;
                if (gtPath is not null)
                {
                    gt = LabelMapIO.Read(gtPath);
                    if (gt.Width != map.Width || gt.Height != map.Height)
                    {
                        gt = LabelMapResize.Nearest(gt, map.Width, map.Height);
                    }
                }

                records = [.. RegionExtractor.Extract(map, gt)];
                AtomicFile.WriteAllText(jsonPath, RegionRecordJson.Serialize(records));
            }

            foreach (var record in records)
            {
                samples.Add(new RegionSample(images.ImagePath(image), item.Id, record.Segmentation, record.Bbox, record.CategoryId, record.TrueLabel));
            }

            context.Progress.Report(i + 1, labels.Items.Count, "extract");
        }

        return samples;
    }

    private static void Train(StageContext context, SccOptions options, RegionClassifierTrainer trainer, List<RegionSample> samples, string checkpointPath, CancellationToken cancellationToken)
    {
        var device = context.Tensors.Device;
        var model = trainer.Model;
        var done = SccCheckpoint.TryResume(checkpointPath, model, trainer.Optimizer);
        if (done > 0)
        {
            context.Logger.LogInformation("SCC: resuming training after iteration {Iteration}", done);
        }

        if (done >= options.Iterations)
        {
            return;
        }

        // Loss and learning rate per iteration, for TensorBoard and the run report; values already on the CPU only.
        using var log = TrainingLog.Open(context.OutputDirectory, done);
        var head = trainer.Optimizer.Groups[^1];

        // Iteration it's batch depends only on the seed: a resumed run skips the plans it already trained on.
        var plans = new RegionBatchSampler(samples.Count, options.BatchSize, context.Seed).Plans(options.Iterations).Skip(done);
        var it = done;
        foreach (var batch in Batches(options, samples, plans, cancellationToken))
        {
            it++;
            cancellationToken.ThrowIfCancellationRequested();
            float loss;
            using (var scope = NewDisposeScope())
            {
                var (images, masks, labels) = ToTensors(batch, options, device);
                loss = trainer.Step(it, images, masks, labels);
            }

            log.Scalar("train/loss", it, loss);
            log.Scalar("train/lr", it, head.LearningRate);

            if (it % 100 == 0 || it == 1 || it == options.Iterations)
            {
                context.Logger.LogInformation("SCC: iteration {Iteration}/{Total} loss {Loss:F4}", it, options.Iterations, loss);
            }

            if (it % options.CheckpointEvery == 0 || it == options.Iterations)
            {
                SccCheckpoint.Save(checkpointPath, model, trainer.Optimizer, it);
            }

            context.Progress.Report(it, options.Iterations, "train");
        }
    }

    /// <summary>The loaded batches of <paramref name="plans"/>, in order: prefetched on a background thread unless disabled.</summary>
    private static IEnumerable<RegionBatch> Batches(SccOptions options, List<RegionSample> samples, IEnumerable<RegionBatchPlan> plans, CancellationToken cancellationToken)
    {
        if (options.PrefetchBatches == 0)
        {
            var loader = new RegionPatchLoader(options.PatchHeight, options.PatchWidth);
            foreach (var plan in plans)
            {
                yield return RegionBatchPrefetcher.Collate(loader, samples, plan);
            }

            yield break;
        }

        using var prefetcher = new RegionBatchPrefetcher(samples, plans, options.PatchHeight, options.PatchWidth, options.PrefetchBatches, cancellationToken);
        foreach (var batch in prefetcher.Batches())
        {
            yield return batch;
        }
    }

    private static (Tensor Images, Tensor Masks, Tensor Labels) ToTensors(RegionBatch batch, SccOptions options, Device device) =>
    (
        tensor(batch.Images, [batch.Count, 3, options.PatchHeight, options.PatchWidth]).to(device),
        tensor(batch.Masks, [batch.Count, 1, options.PatchHeight, options.PatchWidth]).to(device),
        tensor(batch.Labels).to(device)
    );

    private static List<RegionPrediction> Infer(StageContext context, SccOptions options, MaskGatedResNet model, List<RegionSample> samples, CancellationToken cancellationToken)
    {
        var device = context.Tensors.Device;
        var predictions = new List<RegionPrediction>(samples.Count);
        model.eval();
        using var noGrad = no_grad();
        foreach (var batch in Batches(options, samples, RegionBatchSampler.Sequential(samples.Count, options.BatchSize), cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var (images, masks, labels) = ToTensors(batch, options, device);
            var logits = model.forward(images, masks);
            var losses = nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.None).cpu().data<float>().ToArray();
            var (scores, classes) = logits.softmax(1).max(1);
            var scoreValues = scores.cpu().data<float>().ToArray();
            var classValues = classes.cpu().data<long>().ToArray();
            for (var b = 0; b < batch.Count; b++)
            {
                var sample = samples[batch.Plan.Indices[b]];
                predictions.Add(new RegionPrediction(sample.Name, sample.Mask, losses[b], scoreValues[b], (int)classValues[b], sample.Label, sample.TrueLabel));
            }

            context.Progress.Report(predictions.Count, samples.Count, "infer");
        }

        return predictions;
    }

    private static StageOutputs Paint(StageContext context, SccOptions options, FilterMode mode, Taxonomy taxonomy, LabelSet labels,
        List<RegionSample> samples, List<RegionPrediction> predictions, string checkpointPath, CancellationToken cancellationToken)
    {
        var regionFolder = Path.Combine(context.OutputDirectory, "regions");
        var labelFolder = Path.Combine(context.OutputDirectory, "labels");
        Directory.CreateDirectory(regionFolder);
        Directory.CreateDirectory(labelFolder);
        var corrected = predictions.Count == 0
            ? new Dictionary<string, IReadOnlyList<RegionRecord>>()
            : RegionCorrection.Build(predictions, options.NoiseRatio).ToDictionary(c => c.Name, c => c.Records, StringComparer.Ordinal);
        var noiseFiles = new List<string>();
        if (mode == FilterMode.Gmm)
        {
            corrected = DecideByNoise(context, options, predictions, corrected);
            noiseFiles.Add(NoiseModelReport.FileName);
        }

        var statistics = new RegionDecisionStatistics();
        var noisyByImage = samples.GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(s => s.Label).ToArray(), StringComparer.Ordinal);
        IReadOnlyList<RegionRecord> RecordsOf(LabelItem item)
        {
            var records = corrected.TryGetValue(item.Id, out var r) ? r : [];
            return options.KeepNoisyLabel && records.Count > 0 ? [.. records.Select((record, i) => record with { CategoryId = noisyByImage[item.Id][i] })] : records;
        }

        foreach (var item in labels.Items)
        {
            var records = RecordsOf(item);
            var noisy = noisyByImage.TryGetValue(item.Id, out var labelsOfImage) ? labelsOfImage : [];
            for (var k = 0; k < records.Count; k++)
            {
                statistics.Add(records[k].TrueLabel, noisy[k], records[k].CategoryId, records[k].Area, RegionFilter.Keeps(records[k], mode));
            }
        }

        // One label map and one region file per image, on the SDK's item loop (a killed run keeps the written ones).
        var painted = ItemLoop.Run(context, labels.Items, "paint", item => item.Id,
            item => [Path.Combine(labelFolder, FileName(item.Id) + ".png"), Path.Combine(regionFolder, FileName(item.Id) + ".json")],
            item =>
            {
                var records = RecordsOf(item);
                var (width, height) = records.Count > 0
                    ? (records[0].Segmentation.Width, records[0].Segmentation.Height)
                    : SizeOf(labels.LabelPath(item));
                var map = RegionPainter.Paint(records, mode, width, height);
                return [LabelMapIO.Encode(map, taxonomy.Palette), Encoding.UTF8.GetBytes(RegionRecordJson.Serialize(records))];
            }, maxDegreeOfParallelism: 1, cancellationToken);
        var labelItems = painted.Completed.Select(item => new LabelItem(item.Id, Path.Combine("labels", FileName(item.Id) + ".png"))).ToList();
        var regionItems = painted.Completed.Select(item => new RegionItem(item.Id, Path.Combine("regions", FileName(item.Id) + ".json"))).ToList();

        if (statistics.Regions > 0)
        {
            context.Logger.LogInformation(
                "SCC vs ground truth: {Noisy}/{Regions} regions noisy; dropped {Dropped}: precision {Precision:P1} recall {Recall:P1} (pixels: {PixelPrecision:P1} / {PixelRecall:P1}); kept regions painted correctly {KeptCorrect:P1}",
                statistics.Noisy, statistics.Regions, statistics.Dropped, statistics.DropPrecision, statistics.DropRecall,
                statistics.DropPixelPrecision, statistics.DropPixelRecall, statistics.KeptCorrect);
        }

        return new StageOutputs()
            .Set(CorrectedLabels, new LabelSet(context.OutputDirectory, labelItems) { Taxonomy = labels.Taxonomy })
            .Set(Regions, new RegionSet(context.OutputDirectory, regionItems))
            .Set(NoiseModel, new Report(context.OutputDirectory, noiseFiles))
            .Set(Model, new Checkpoint(checkpointPath) { Architecture = $"scc-resnet{options.Depth}" });
    }

    /// <summary>
    /// SCC-LD: fits the noise model on all regions' losses, writes <see cref="NoiseModelReport.FileName"/>, and returns the
    /// records with η and the thresholds attached and <c>category_id</c> = the painted class (the pseudo-label when kept,
    /// the prediction when relabelled or dropped).
    /// </summary>
    private static Dictionary<string, IReadOnlyList<RegionRecord>> DecideByNoise(StageContext context, SccOptions options,
        List<RegionPrediction> predictions, Dictionary<string, IReadOnlyList<RegionRecord>> corrected)
    {
        if (predictions.FirstOrDefault(p => !double.IsFinite(p.Loss)) is { } bad)
        {
            throw new SeCoInputException(new InputLocation(JsonPath: "with.learningRate", Item: bad.Name),
                $"The region classifier's loss is {bad.Loss} for a region of this image: training diverged. Lower learningRate or train fewer iterations.");
        }

        var settings = new GaussianMixtureSettings(options.GmmMaxIterations, options.GmmTolerance, options.GmmRegCovar);
        var result = NoiseCorrection.Apply(predictions, options.NoiseThreshold, options.CorrectionThreshold, settings);
        var estimate = result.Estimate;
        if (estimate.Fallback != NoiseFallback.None && estimate.Fallback != NoiseFallback.NoRegions)
        {
            context.Logger.LogWarning("SCC-LD: no noise model ({Fallback}); every region keeps its pseudo-label (noise probability 0)", estimate.Fallback);
        }
        else if (estimate.Mixture is { } mixture)
        {
            context.Logger.LogInformation(
                "SCC-LD: mixture on {Regions} normalised losses after {Iterations} EM iterations (converged {Converged}): weights {W0:F4}/{W1:F4}, means {M0:F4}/{M1:F4}, variances {V0:E3}/{V1:E3}",
                predictions.Count, mixture.Iterations, mixture.Converged, mixture.Weights[0], mixture.Weights[1], mixture.Means[0], mixture.Means[1], mixture.Variances[0], mixture.Variances[1]);
        }

        context.Logger.LogInformation("SCC-LD: kept {Kept}, relabelled {Relabelled}, dropped {Dropped} regions (τ_ns {NoiseThreshold}, τ_cr {CorrectionThreshold})",
            result.Decisions.Count(d => d == RegionDecision.Keep), result.Decisions.Count(d => d == RegionDecision.Relabel),
            result.Decisions.Count(d => d == RegionDecision.Drop), options.NoiseThreshold, options.CorrectionThreshold);
        AtomicFile.WriteAllText(Path.Combine(context.OutputDirectory, NoiseModelReport.FileName), NoiseModelReport.Serialize(result, predictions));

        // The records of an image follow its predictions in order (RegionCorrection groups by image name, first appearance).
        var indices = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < predictions.Count; i++)
        {
            if (!indices.TryGetValue(predictions[i].Name, out var list))
            {
                list = [];
                indices[predictions[i].Name] = list;
            }

            list.Add(i);
        }

        var decided = new Dictionary<string, IReadOnlyList<RegionRecord>>(StringComparer.Ordinal);
        foreach (var (name, records) in corrected)
        {
            var list = indices[name];
            decided[name] = [.. records.Select((record, k) =>
            {
                var i = list[k];
                var p = predictions[i];
                return record with
                {
                    CategoryId = result.Decisions[i] == RegionDecision.Keep ? p.NoisyClass : p.PredictedClass,
                    NoiseProbability = estimate.NoiseProbabilities[i],
                    NoiseThreshold = options.NoiseThreshold,
                    CorrectionThreshold = options.CorrectionThreshold,
                };
            })];
        }

        return decided;
    }

    private static (int Width, int Height) SizeOf(string labelPath)
    {
        var map = LabelMapIO.Read(labelPath);
        return (map.Width, map.Height);
    }

    private static string FileName(string id) => id.Replace('/', '_').Replace('\\', '_');
}
