using System.Globalization;
using Microsoft.Extensions.Logging;
using SeCo.Plugins.Scc.Data;
using SeCo.Plugins.Scc.Filtering;
using SeCo.Plugins.Scc.Modeling;
using SeCo.Plugins.Scc.Thresholds;
using SeCo.Plugins.Scc.Training;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Sdk.IO;
using SeCo.Sdk.Stages;
using SeCo.Vision.Checkpoints;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Regions;
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
        var mode = ParseMode(options.FilterMode);
        await Task.Yield();

        var samples = Extract(context, images, labels, cancellationToken);
        context.Logger.LogInformation("SCC: {Regions} regions in {Images} images", samples.Count, labels.Items.Count);
        torch.manual_seed(context.Seed);
        using var model = new MaskGatedResNet(options.Depth, options.NumClasses);
        if (options.Pretrained is not null)
        {
            model.LoadImageNet(context.ResolvePath(options.Pretrained));
        }

        var device = context.Tensors.Device;
        model.to(device);
        var checkpointPath = Path.Combine(context.OutputDirectory, "last.pth");
        if (samples.Count >= options.BatchSize)
        {
            Train(context, options, model, samples, checkpointPath, cancellationToken);
        }
        else
        {
            context.Logger.LogWarning("SCC: {Regions} regions are fewer than one batch of {Batch}; classifier left untrained", samples.Count, options.BatchSize);
            SaveCheckpoint(model, checkpointPath, 0);
        }

        var predictions = Infer(context, options, model, samples, cancellationToken);
        return Paint(context, options, mode, labels, samples, predictions, checkpointPath);
    }

    private static FilterMode ParseMode(string name)
    {
        try
        {
            return RegionFilter.Parse(name);
        }
        catch (ArgumentException e)
        {
            throw new SeCoInputException("pipeline.json", $"Option filterMode: {e.Message}", e);
        }
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

            context.Progress.Report(i + 1, labels.Items.Count);
        }

        return samples;
    }

    private static void Train(StageContext context, SccOptions options, MaskGatedResNet model, List<RegionSample> samples, string checkpointPath, CancellationToken cancellationToken)
    {
        var device = context.Tensors.Device;
        using var trainer = new RegionClassifierTrainer(model, options.Iterations, options.LearningRate);
        var start = 1;
        var iterPath = checkpointPath + ".iter";
        if (File.Exists(checkpointPath) && File.Exists(iterPath))
        {
            var done = int.Parse(File.ReadAllText(iterPath), CultureInfo.InvariantCulture);
            StateDictLoader.Load(model, Pth.Load(checkpointPath, stripModulePrefix: true, device), strict: true, checkpointPath);
            start = done + 1;
            context.Logger.LogInformation("SCC: resuming training after iteration {Iteration}", done);
        }

        var random = new Random(context.Seed);
        var loader = new RegionPatchLoader();
        var order = Enumerable.Range(0, samples.Count).ToArray();
        var position = order.Length;
        for (var it = 1; it <= options.Iterations; it++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (position + options.BatchSize > order.Length)
            {
                random.Shuffle(order);
                position = 0;
            }

            var batch = order.AsSpan(position, options.BatchSize).ToArray();
            position += options.BatchSize;
            var mirrors = batch.Select(_ => random.Next(2) == 1).ToArray();
            if (it < start)
            {
                continue; // replay the sampler so a resumed run sees the same batches
            }

            using var scope = NewDisposeScope();
            var (images, masks, labels) = Collate(loader, samples, batch, mirrors, device);
            var loss = trainer.Step(it, images, masks, labels);
            if (it % 100 == 0 || it == 1 || it == options.Iterations)
            {
                context.Logger.LogInformation("SCC: iteration {Iteration}/{Total} loss {Loss:F4}", it, options.Iterations, loss);
            }

            if (it % options.CheckpointEvery == 0 || it == options.Iterations)
            {
                SaveCheckpoint(model, checkpointPath, it);
            }

            context.Progress.Report(it, options.Iterations);
        }
    }

    private static void SaveCheckpoint(MaskGatedResNet model, string path, int iteration)
    {
        var state = model.state_dict().ToDictionary(p => "module." + p.Key, p => p.Value.cpu());
        Pth.Save(path, state);
        AtomicFile.WriteAllText(path + ".iter", iteration.ToString(CultureInfo.InvariantCulture));
    }

    private static (Tensor Images, Tensor Masks, Tensor Labels) Collate(RegionPatchLoader loader, List<RegionSample> samples, int[] batch, bool[] mirrors, Device device)
    {
        var height = loader.Height;
        var width = loader.Width;
        var imageData = new float[batch.Length * 3 * height * width];
        var maskData = new byte[batch.Length * height * width];
        var labelData = new long[batch.Length];
        for (var b = 0; b < batch.Length; b++)
        {
            var patch = loader.Load(samples[batch[b]], mirrors[b]);
            patch.Image.CopyTo(imageData, b * 3 * height * width);
            patch.Mask.CopyTo(maskData, b * height * width);
            labelData[b] = patch.Label;
        }

        return (
            tensor(imageData, [batch.Length, 3, height, width]).to(device),
            tensor(maskData, [batch.Length, 1, height, width]).to(device),
            tensor(labelData).to(device));
    }

    private static List<RegionPrediction> Infer(StageContext context, SccOptions options, MaskGatedResNet model, List<RegionSample> samples, CancellationToken cancellationToken)
    {
        var device = context.Tensors.Device;
        var loader = new RegionPatchLoader();
        var predictions = new List<RegionPrediction>(samples.Count);
        model.eval();
        using var noGrad = no_grad();
        for (var start = 0; start < samples.Count; start += options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var batch = Enumerable.Range(start, Math.Min(options.BatchSize, samples.Count - start)).ToArray();
            var (images, masks, labels) = Collate(loader, samples, batch, new bool[batch.Length], device);
            var logits = model.forward(images, masks);
            var losses = nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.None).cpu().data<float>().ToArray();
            var (scores, classes) = logits.softmax(1).max(1);
            var scoreValues = scores.cpu().data<float>().ToArray();
            var classValues = classes.cpu().data<long>().ToArray();
            for (var b = 0; b < batch.Length; b++)
            {
                var sample = samples[batch[b]];
                predictions.Add(new RegionPrediction(sample.Name, sample.Mask, losses[b], scoreValues[b], (int)classValues[b], sample.Label, sample.TrueLabel));
            }

            context.Progress.Report(Math.Min(start + options.BatchSize, samples.Count), samples.Count);
        }

        return predictions;
    }

    private static StageOutputs Paint(StageContext context, SccOptions options, FilterMode mode, LabelSet labels,
        List<RegionSample> samples, List<RegionPrediction> predictions, string checkpointPath)
    {
        var regionFolder = Path.Combine(context.OutputDirectory, "regions");
        var labelFolder = Path.Combine(context.OutputDirectory, "labels");
        Directory.CreateDirectory(regionFolder);
        Directory.CreateDirectory(labelFolder);
        var corrected = predictions.Count == 0
            ? new Dictionary<string, IReadOnlyList<RegionRecord>>()
            : RegionCorrection.Build(predictions, options.NoiseRatio).ToDictionary(c => c.Name, c => c.Records, StringComparer.Ordinal);
        var labelItems = new List<LabelItem>();
        var regionItems = new List<RegionItem>();
        int kept = 0, keptPositive = 0, dropped = 0, droppedNoisy = 0;
        foreach (var item in labels.Items)
        {
            var records = corrected.TryGetValue(item.Id, out var r) ? r : [];
            if (options.KeepNoisyLabel && records.Count > 0)
            {
                var noisy = samples.Where(s => s.Name == item.Id).Select(s => s.Label).ToArray();
                records = [.. records.Select((record, i) => record with { CategoryId = noisy[i] })];
            }

            var (width, height) = records.Count > 0
                ? (records[0].Segmentation.Width, records[0].Segmentation.Height)
                : SizeOf(labels.LabelPath(item));
            var map = RegionPainter.Paint(records, mode, width, height);
            foreach (var record in records)
            {
                var keep = RegionFilter.Keeps(record, mode);
                var clean = record.TrueLabel is { } t && t.Id == record.CategoryId;
                if (keep) { kept++; keptPositive += clean ? 1 : 0; } else { dropped++; droppedNoisy += clean ? 0 : 1; }
            }

            var name = FileName(item.Id);
            AtomicFile.WriteAllBytes(Path.Combine(labelFolder, name + ".png"), LabelMapIO.Encode(map, Palette.SeCoCityscapes));
            AtomicFile.WriteAllText(Path.Combine(regionFolder, name + ".json"), RegionRecordJson.Serialize(records));
            labelItems.Add(new LabelItem(item.Id, Path.Combine("labels", name + ".png")));
            regionItems.Add(new RegionItem(item.Id, Path.Combine("regions", name + ".json")));
        }

        context.Logger.LogInformation(
            "SCC: kept {Kept} regions ({KeptPrecision:P1} correct after correction), dropped {Dropped} ({DroppedNoisy:P1} wrong)",
            kept, kept == 0 ? 0 : (double)keptPositive / kept, dropped, dropped == 0 ? 0 : (double)droppedNoisy / dropped);

        return new StageOutputs()
            .Set(CorrectedLabels, new LabelSet(context.OutputDirectory, labelItems) { Taxonomy = labels.Taxonomy })
            .Set(Regions, new RegionSet(context.OutputDirectory, regionItems))
            .Set(Model, new Checkpoint(checkpointPath) { Architecture = $"scc-resnet{options.Depth}" });
    }

    private static (int Width, int Height) SizeOf(string labelPath)
    {
        var map = LabelMapIO.Read(labelPath);
        return (map.Width, map.Height);
    }

    private static string FileName(string id) => id.Replace('/', '_').Replace('\\', '_');
}
