using Microsoft.Extensions.Logging;
using SeCo.Plugins.Adapt.UniMatch.Data;
using SeCo.Plugins.Adapt.UniMatch.Modeling;
using SeCo.Plugins.Adapt.UniMatch.Training;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Sdk.Stages;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Plugins.Adapt.UniMatch.Stages;

/// <summary>
/// A cheap adapted model: the input checkpoint with its batch-norm statistics re-estimated on target images (no labels,
/// no gradient step). Stands in for an adapted model such as ProDA's or DAFormer's as the source of pseudo-labels.
/// </summary>
[Stage("adapt.bn", UsesDevice = true, Description = "Re-estimates a DeepLabV3+ checkpoint's batch-norm statistics on (unlabelled) target images.")]
public sealed class BatchNormAdaptStage : IStage<BatchNormAdaptOptions>
{
    /// <summary>The weights to adapt.</summary>
    public static readonly Port<Checkpoint> Input = Port.Input<Checkpoint>("checkpoint", "A DeepLabV3+ checkpoint (train.supervised, adapt.unimatch).");

    /// <summary>The images whose statistics are taken (never their ground truth).</summary>
    public static readonly Port<ImageSet> Images = Port.Input<ImageSet>("images", "Target images (only the pixels are read).");

    /// <summary>The adapted weights.</summary>
    public static readonly Port<Checkpoint> Output = Port.Output<Checkpoint>("checkpoint", "The checkpoint with target batch-norm statistics.");

    /// <summary>The file name of the adapted weights.</summary>
    public const string FileName = "model.pth";

    /// <inheritdoc />
    public async Task<StageOutputs> RunAsync(StageContext context, BatchNormAdaptOptions options, StageInputs inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(inputs);
        var checkpoint = inputs.Get(Input);
        var images = inputs.Get(Images);
        if (images.Items.Count == 0)
        {
            throw new SeCoInputException(new InputLocation(JsonPath: "in.images"), "The image set is empty; expected target images.");
        }

        await Task.Yield();
        var (backbone, classes) = SegmenterCheckpoint.Architecture(checkpoint);
        var device = context.Tensors.Device;
        using var model = SegmenterCheckpoint.Load(checkpoint);
        model.to(device);
        var batches = BatchNormReestimation.Run(model, Batches(images, options.BatchSize, device, context, cancellationToken));
        Directory.CreateDirectory(context.OutputDirectory);
        var path = Path.Combine(context.OutputDirectory, FileName);
        SegmenterCheckpoint.SaveWeights(path, model);
        context.Logger.LogInformation("BN re-estimation: {Images} images in {Batches} batches; weights of {Source} kept", images.Items.Count, batches, checkpoint.Path);
        var metadata = new Dictionary<string, string>(checkpoint.Metadata, StringComparer.Ordinal) { ["bnImages"] = images.Items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return new StageOutputs().Set(Output, SegmenterCheckpoint.Describe(path, backbone, classes, metadata));
    }

    private static IEnumerable<Tensor> Batches(ImageSet images, int batchSize, Device device, StageContext context, CancellationToken cancellationToken)
    {
        for (var start = 0; start < images.Items.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var end = Math.Min(start + batchSize, images.Items.Count);
            var parts = new List<Tensor>(end - start);
            try
            {
                for (var i = start; i < end; i++)
                {
                    parts.Add(ModelInput.FromFile(images.ImagePath(images.Items[i]), device));
                }

                var shape = parts[0].shape;
                if (parts.Any(p => p.shape[2] != shape[2] || p.shape[3] != shape[3]))
                {
                    throw new SeCoInputException(new InputLocation(Item: images.Items[start].Id),
                        "The images of one batch differ in size; expected images of one size (or batchSize 1).");
                }

                yield return cat(parts, 0);                                         // [B, 3, H, W]
            }
            finally
            {
                foreach (var part in parts)
                {
                    part.Dispose();
                }
            }

            context.Progress.Report(end, images.Items.Count, "statistics");
        }
    }
}
