using System.Globalization;
using Microsoft.Extensions.Logging;
using SeCo.Plugins.Adapt.UniMatch.Data;
using SeCo.Plugins.Adapt.UniMatch.Modeling;
using SeCo.Plugins.Adapt.UniMatch.Optimization;
using SeCo.Plugins.Adapt.UniMatch.Training;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Sdk.Stages;
using SeCo.Vision.Taxonomies;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Plugins.Adapt.UniMatch.Stages;

/// <summary>
/// Trains UniMatch's DeepLabV3+ with labels: the source model (source images and their annotations), or an oracle on
/// target labels. Writes <c>checkpoints/latest.pth</c> and the training log (loss and learning rate per iteration, TensorBoard
/// events and <c>training.jsonl</c>, <c>SeCo.Vision.Training.TrainingLog</c>) in the stage folder; the
/// model leaves the stage as a <see cref="Checkpoint"/> artifact.
/// </summary>
[Stage("train.supervised", UsesDevice = true, Description = "Supervised training of DeepLabV3+ on images and labels (e.g. the source domain); outputs a checkpoint.")]
public sealed class SupervisedTrainingStage : IStage<SupervisedTrainingOptions>
{
    /// <summary>The training images.</summary>
    public static readonly Port<ImageSet> Images = Port.Input<ImageSet>("images", "Training images.");

    /// <summary>Their labels.</summary>
    public static readonly Port<LabelSet> Labels = Port.Input<LabelSet>("labels", "Training labels, one map per image (255 = ignore).");

    /// <summary>Weights to start from instead of a fresh initialisation.</summary>
    public static readonly Port<Checkpoint> Initial = Port.OptionalInput<Checkpoint>("initial", "A DeepLabV3+ checkpoint to start from (its architecture is used).");

    /// <summary>The trained weights.</summary>
    public static readonly Port<Checkpoint> Output = Port.Output<Checkpoint>("checkpoint", "The trained DeepLabV3+ (UniMatch layout).");

    /// <inheritdoc />
    public async Task<StageOutputs> RunAsync(StageContext context, SupervisedTrainingOptions options, StageInputs inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(inputs);
        var images = inputs.Get(Images);
        var labels = inputs.Get(Labels);
        var initial = inputs.TryGet(Initial);
        var entries = Entries(images, labels);
        if (entries.Count < options.BatchSize)
        {
            throw new SeCoInputException(new InputLocation(JsonPath: "with.batchSize"),
                $"There are {entries.Count} labelled images; expected at least one batch ({options.BatchSize}).");
        }

        await Task.Yield();
        var seed = options.Seed ?? context.Seed;
        // Without an initial checkpoint the network predicts the classes of the pipeline's taxonomy.
        var (backbone, classes) = initial is null
            ? (options.Backbone.Name(), Taxonomy.Resolve(default, context.Taxonomy, labels.Taxonomy).Count)
            : SegmenterCheckpoint.Architecture(initial);
        using var model = initial is null ? new DeepLabV3Plus(DeepLabV3PlusConfig.ForBackbone(backbone, classes)) : SegmenterCheckpoint.Load(initial);
        if (initial is null)
        {
            using var generator = new Generator((ulong)seed);
            model.ResetParameters(generator);
            if (options.Pretrained is not null)
            {
                DeepLabV3PlusCheckpoint.LoadPretrainedBackbone(model.Backbone, context.ResolvePath(options.Pretrained));
            }
        }

        model.to(context.Tensors.Device);
        using var optimizer = UniMatchOptimizer.Create(model, options.LearningRate, options.LearningRateMultiplier);
        var settings = new TrainingSettings
        {
            CropSize = options.CropSize,
            BatchSize = options.BatchSize,
            Epochs = 1, // not used: the iterations end the schedule
            Iterations = options.Iterations,
            CheckpointInterval = options.CheckpointInterval,
            Seed = seed,
            LogDirectory = context.OutputDirectory,
        };
        context.Logger.LogInformation("Supervised: {Count} images, deeplabv3plus-{Backbone}{From}, crop {Crop}, batch {Batch}, {Iterations} iterations, {Optimizer}",
            entries.Count, backbone, initial is null ? "" : " from " + initial.Path, options.CropSize, options.BatchSize, options.Iterations, options.Optimizer);
        var checkpoints = Path.Combine(context.OutputDirectory, "checkpoints");
        using var trainer = new SupervisedTrainer(model, optimizer, settings, context.Logger, context.Tensors.Device, options.Optimizer);
        var state = trainer.Train(new SemiDataset(entries, options.CropSize), checkpoints, context.Progress, cancellationToken);
        var metadata = new Dictionary<string, string> { ["iterations"] = state.Iterations.ToString(CultureInfo.InvariantCulture) };
        return new StageOutputs().Set(Output, SegmenterCheckpoint.Describe(Path.Combine(checkpoints, UniMatchTrainer.LatestFile), backbone, classes, metadata));
    }

    private static List<(string Image, string Mask)> Entries(ImageSet images, LabelSet labels)
    {
        var entries = new List<(string, string)>(images.Items.Count);
        foreach (var item in images.Items)
        {
            var label = labels.Find(item.Id)
                ?? throw new SeCoInputException(new InputLocation(Item: item.Id), "The image has no map in the labels input; expected one label map per image.");
            entries.Add((images.ImagePath(item), labels.LabelPath(label)));
        }

        return entries;
    }
}
