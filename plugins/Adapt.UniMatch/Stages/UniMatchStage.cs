using Microsoft.Extensions.Logging;
using SeCo.Plugins.Adapt.UniMatch.Data;
using SeCo.Plugins.Adapt.UniMatch.Evaluation;
using SeCo.Plugins.Adapt.UniMatch.Losses;
using SeCo.Plugins.Adapt.UniMatch.Modeling;
using SeCo.Plugins.Adapt.UniMatch.Optimization;
using SeCo.Plugins.Adapt.UniMatch.Training;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Sdk.IO;
using SeCo.Sdk.Stages;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Taxonomies;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Plugins.Adapt.UniMatch.Stages;

/// <summary>
/// UniMatch semi-supervised adaptation with DeepLabV3+: the labelled split trains on its pseudo-labels, the unlabelled
/// split through weak/strong consistency and feature perturbation. Writes UniMatch checkpoints (<c>latest.pth</c>,
/// <c>best.pth</c>) and the adapted model's predictions on every target image.
/// </summary>
[Stage("adapt.unimatch", UsesDevice = true, Description = "UniMatch semi-supervised training of DeepLabV3+ on the labelled/unlabelled split; predicts every target image.")]
public sealed class UniMatchStage : IStage<UniMatchOptions>
{
    /// <summary>The target images.</summary>
    public static readonly Port<ImageSet> Images = Port.Input<ImageSet>("images", "Target training images.");

    /// <summary>The pseudo-labels; those of labelled images are the ground truth of the supervised loss.</summary>
    public static readonly Port<LabelSet> Labels = Port.Input<LabelSet>("labels", "Pseudo-labels (SeCo's corrected labels, 255 = ignore).");

    /// <summary>Which images are labelled.</summary>
    public static readonly Port<Split> SplitInput = Port.Input<Split>("split", "Labelled / unlabelled image ids.");

    /// <summary>Weights to start from (e.g. the adapted base model), instead of <c>initialCheckpoint</c>.</summary>
    public static readonly Port<Checkpoint> Initial = Port.OptionalInput<Checkpoint>("initial", "A DeepLabV3+ checkpoint to start from (train.supervised, adapt.bn); its backbone must be the configured one.");

    /// <summary>Held-out images with ground truth for epoch-end evaluation and best-checkpoint tracking.</summary>
    public static readonly Port<ImageSet> EvalImages = Port.OptionalInput<ImageSet>("evalImages", "Held-out images with ground truth (evaluation, best.pth).");

    /// <summary>Ground truth of the held-out images when the image set does not carry it.</summary>
    public static readonly Port<LabelSet> EvalLabels = Port.OptionalInput<LabelSet>("evalLabels", "Ground truth of evalImages when the image set has none.");

    /// <summary>The best checkpoint (by evaluation mIoU; the last one when nothing was evaluated).</summary>
    public static readonly Port<Checkpoint> Best = Port.Output<Checkpoint>("checkpoint", "best.pth (UniMatch layout), or latest.pth without an evaluation set.");

    /// <summary>The last checkpoint.</summary>
    public static readonly Port<Checkpoint> Last = Port.Output<Checkpoint>("last", "latest.pth (UniMatch layout: model, optimizer, epoch, previous_best).");

    /// <summary>The adapted model's predictions.</summary>
    public static readonly Port<LabelSet> Predictions = Port.Output<LabelSet>("labels", "Predictions of the adapted model on every target image.");

    /// <inheritdoc />
    public async Task<StageOutputs> RunAsync(StageContext context, UniMatchOptions options, StageInputs inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(inputs);
        var images = inputs.Get(Images);
        var labels = inputs.Get(Labels);
        var split = inputs.Get(SplitInput);
        var evaluation = EvaluationFrom(inputs.TryGet(EvalImages), inputs.TryGet(EvalLabels));
        var seed = options.Seed ?? context.Seed;
        var mode = options.EvalMode;
        // The network predicts the classes of the pipeline's taxonomy (cityscapes19 unless the pipeline or the labels say otherwise).
        var taxonomy = Taxonomy.Resolve(default, context.Taxonomy, labels.Taxonomy);
        var (labeledEntries, unlabeledEntries) = Entries(images, labels, split);
        if (unlabeledEntries.Count < options.BatchSize || labeledEntries.Count == 0)
        {
            throw new SeCoInputException(new InputLocation(JsonPath: "with.batchSize"),
                $"The split has {labeledEntries.Count} labelled and {unlabeledEntries.Count} unlabelled images; expected at least one labelled image and one batch ({options.BatchSize}) of unlabelled ones.");
        }

        await Task.Yield();
        var device = context.Tensors.Device;
        using var model = new DeepLabV3Plus(DeepLabV3PlusConfig.ForBackbone(options.Backbone.Name(), taxonomy.Count));
        using (var generator = new Generator((ulong)seed))
        {
            model.ResetParameters(generator);
        }

        if (options.Pretrained is not null)
        {
            var result = DeepLabV3PlusCheckpoint.LoadPretrainedBackbone(model.Backbone, context.ResolvePath(options.Pretrained));
            if (result.UnexpectedKeys.Count > 0)
            {
                context.Logger.LogInformation("UniMatch: pretrained backbone entries not used: {Keys}", string.Join(", ", result.UnexpectedKeys));
            }
        }

        if (options.InitialCheckpoint is not null)
        {
            DeepLabV3PlusCheckpoint.LoadUniMatch(model, context.ResolvePath(options.InitialCheckpoint));
        }

        if (inputs.TryGet(Initial) is { } initial)
        {
            var (backbone, classes) = SegmenterCheckpoint.Architecture(initial);
            if (backbone != options.Backbone.Name() || classes != taxonomy.Count)
            {
                throw new SeCoInputException(new InputLocation(JsonPath: "with.backbone"),
                    $"The initial checkpoint is a deeplabv3plus-{backbone} with {classes} classes; the stage is configured for {options.Backbone.Name()} with {taxonomy.Count} ({taxonomy.Name}).");
            }

            DeepLabV3PlusCheckpoint.LoadUniMatch(model, initial.Path);
        }

        model.to(device);
        using var optimizer = UniMatchOptimizer.Create(model, options.LearningRate, options.LearningRateMultiplier);
        ISegmentationCriterion criterion = options.Criterion == LabeledLoss.Ce
            ? new IgnoreIndexCrossEntropy()
            : new OhemCrossEntropy(options.OhemThreshold, options.OhemMinKept);
        var settings = new TrainingSettings
        {
            CropSize = options.CropSize,
            BatchSize = options.BatchSize,
            Epochs = options.Epochs,
            Iterations = options.Iterations,
            CheckpointInterval = options.CheckpointInterval,
            PrefetchBatches = options.PrefetchBatches,
            Seed = seed,
            EvaluationMode = mode,
            AccumulatorChannels = options.AccumulatorChannels,
            ClassNames = taxonomy.ClassNames,
            LogDirectory = context.OutputDirectory,
        };
        var trainer = new UniMatchTrainer(model, optimizer, new UniMatchLoss(criterion, options.ConfidenceThreshold), settings, context.Logger, device);
        var repeated = SemiDataset.RepeatLabeled(labeledEntries, unlabeledEntries.Count);
        context.Logger.LogInformation("UniMatch: {Labeled} labelled (repeated to {Repeated}), {Unlabeled} unlabelled images, {Backbone}, crop {Crop}, batch {Batch}",
            labeledEntries.Count, repeated.Count, unlabeledEntries.Count, options.Backbone.Name(), options.CropSize, options.BatchSize);
        var checkpoints = Path.Combine(context.OutputDirectory, "checkpoints");
        var state = await trainer.TrainAsync(new SemiDataset(repeated, options.CropSize), new SemiDataset(unlabeledEntries, options.CropSize),
            evaluation, checkpoints, context.Progress, cancellationToken).ConfigureAwait(false);

        var predictions = Predict(context, model, images, mode, options, taxonomy.Palette, cancellationToken);
        var latest = Path.Combine(checkpoints, UniMatchTrainer.LatestFile);
        var best = Path.Combine(checkpoints, UniMatchTrainer.BestFile);
        var metadata = new Dictionary<string, string>
        {
            ["iterations"] = state.Iterations.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["epoch"] = state.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["previous_best"] = state.PreviousBest.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        };
        return new StageOutputs()
            .Set(Best, SegmenterCheckpoint.Describe(File.Exists(best) ? best : latest, options.Backbone.Name(), taxonomy.Count, metadata))
            .Set(Last, SegmenterCheckpoint.Describe(latest, options.Backbone.Name(), taxonomy.Count, metadata))
            .Set(Predictions, predictions with { Taxonomy = labels.Taxonomy });
    }

    private static (List<(string Image, string Mask)> Labeled, List<(string Image, string Mask)> Unlabeled) Entries(ImageSet images, LabelSet labels, Split split)
    {
        var imagesById = images.Items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var labelsById = labels.Items.ToDictionary(l => l.Id, StringComparer.Ordinal);
        List<(string, string)> Resolve(IReadOnlyList<string> ids)
        {
            var entries = new List<(string, string)>(ids.Count);
            foreach (var id in ids)
            {
                if (!imagesById.TryGetValue(id, out var image) || !labelsById.TryGetValue(id, out var label))
                {
                    throw new SeCoInputException(new InputLocation(Item: id),
                        "The split names an image that the images or labels input does not have; expected a split of the same images.");
                }

                entries.Add((images.ImagePath(image), labels.LabelPath(label)));
            }

            return entries;
        }

        return (Resolve(split.Labeled), Resolve(split.Unlabeled));
    }

    private static EvaluationSet? EvaluationFrom(ImageSet? images, LabelSet? labels)
    {
        if (images is null)
        {
            return null;
        }

        var items = new List<(string, string)>(images.Items.Count);
        foreach (var item in images.Items)
        {
            string? groundTruth = null;
            if (labels is not null)
            {
                var label = labels.Find(item.Id);
                groundTruth = label is null ? null : labels.LabelPath(label);
            }

            groundTruth ??= images.GroundTruthPath(item)
                ?? throw new SeCoInputException(new InputLocation(Item: item.Id),
                    "The evaluation image has no ground truth; expected evalImages with ground truth or an evalLabels input.");
            items.Add((images.ImagePath(item), groundTruth));
        }

        return new EvaluationSet(items);
    }

    private static LabelSet Predict(StageContext context, DeepLabV3Plus model, ImageSet images, EvaluationMode mode, UniMatchOptions options,
        Palette palette, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(context.OutputDirectory, "predictions");
        Directory.CreateDirectory(folder);
        model.eval();
        var predictMode = mode == EvaluationMode.CenterCrop ? EvaluationMode.Original : mode;
        var evaluator = new SegmentationEvaluator(model.forward, predictMode, options.CropSize, options.AccumulatorChannels);
        static string FileName(ImageItem item) => item.Id.Replace('/', '_').Replace('\\', '_') + ".png";
        var done = ItemLoop.Run(context, images.Items, "predict", item => item.Id, item => Path.Combine(folder, FileName(item)), item =>
        {
            using var scope = NewDisposeScope();
            var input = ModelInput.FromFile(images.ImagePath(item), context.Tensors.Device);       // [1, 3, H, W]
            var classes = evaluator.Predict(input).to_type(ScalarType.Byte).cpu().data<byte>().ToArray(); // [1, H, W]
            return LabelMapIO.Encode(new LabelMap((int)input.shape[3], (int)input.shape[2], classes), palette);
        }, cancellationToken);
        return new LabelSet(context.OutputDirectory, [.. done.Completed.Select(item => new LabelItem(item.Id, Path.Combine("predictions", FileName(item))))]);
    }
}
