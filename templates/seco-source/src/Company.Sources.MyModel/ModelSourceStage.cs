using System.Globalization;
using Company.Sources.MyModel.Modeling;
using Microsoft.Extensions.Logging;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Sdk.Stages;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;

namespace Company.Sources.MyModel;

/// <summary>
/// Pixel pseudo-labels from a trained segmentation model: every image of the <c>images</c> input is
/// predicted by <see cref="PixelClassifier"/> loaded from a checkpoint, and pixels the model is unsure about
/// are set to ignore. One palette PNG per image, written atomically; a killed run keeps its finished label
/// maps and continues with the rest.
/// </summary>
[Stage("company.sources.mymodel", Description = "Predicts pixel pseudo-labels with a trained model from a checkpoint and ignores low-confidence pixels.")]
public sealed class ModelSourceStage : IStage<ModelSourceOptions>, IFingerprintSource<ModelSourceOptions>
{
    /// <summary>The target-domain images to pseudo-label.</summary>
    public static readonly Port<ImageSet> Images = Port.Input<ImageSet>("images", "The target-domain images to pseudo-label.");

    /// <summary>One label map per image (class ids, 255 = ignore).</summary>
    public static readonly Port<LabelSet> Labels = Port.Output<LabelSet>("labels", "Pixel pseudo-labels (255 = ignore), one palette PNG per image.");

    /// <summary>The folder of the label maps inside the stage's output folder.</summary>
    public const string LabelFolder = "labels";

    /// <inheritdoc />
    public Task<StageOutputs> RunAsync(StageContext context, ModelSourceOptions options, StageInputs inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(inputs);
        var images = inputs.Get(Images);
        var checkpoint = context.ResolvePath(options.Checkpoint);
        var items = images.Items.Select(image => (Image: image, Label: new LabelItem(image.Id, RelativeLabelPath(image.Id)))).ToList();
        var pending = items.Where(item => !File.Exists(Path.Combine(context.OutputDirectory, item.Label.Label))).ToList();
        var done = items.Count - pending.Count;
        context.Progress.Report(done, items.Count);

        var skipped = new HashSet<string>(StringComparer.Ordinal);
        if (pending.Count > 0)
        {
            var device = context.Tensors.Device;
            // The model cache keeps the network between runs of a daemon; the key changes with the weights file.
            var model = context.Tensors.Models.GetOrCreate(ModelKey(checkpoint, options, device.ToString()),
                () => PixelClassifierLoader.Load(checkpoint, options.CheckpointKey, options.Classes, options.Hidden, device));
            var labeler = new PixelLabeler(model, device, options);
            context.Logger.LogInformation("Labelling {Count} images with {Checkpoint} on {Device} ({Done} already done)",
                pending.Count, checkpoint, device, done);

            foreach (var (imageItem, labelItem) in pending)
            {
                // Stop between items: a cancelled stage is never marked complete, and the next run resumes here.
                cancellationToken.ThrowIfCancellationRequested();
                RgbImage image;
                try
                {
                    image = RgbImageIO.Read(images.ImagePath(imageItem));
                }
                catch (SeCoInputException ex) when (context.OnBadItem == BadItemPolicy.Skip)
                {
                    context.Logger.LogWarning("Skipped {Image}: {Problem}", imageItem.Id, ex.Describe());
                    skipped.Add(imageItem.Id);
                    context.Progress.Report(++done, items.Count);
                    continue;
                }

                var labels = labeler.Label(image);
                LabelMapIO.Write(Path.Combine(context.OutputDirectory, labelItem.Label), labels, Palette.SeCoCityscapes);
                context.Progress.Report(++done, items.Count);
            }
        }

        var labelSet = new LabelSet(context.OutputDirectory, items.Where(i => !skipped.Contains(i.Image.Id)).Select(i => i.Label).ToArray())
        {
            Taxonomy = images.Taxonomy,
        };
        return Task.FromResult(new StageOutputs().Set(Labels, labelSet));
    }

    /// <summary>
    /// The checkpoint's path, size and modification time: replacing the weights file re-runs the stage even
    /// though its options did not change.
    /// </summary>
    public string GetExternalFingerprint(ModelSourceOptions options, string pipelineDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = Path.GetFullPath(Path.Combine(pipelineDirectory, options.Checkpoint));
        var file = new FileInfo(path);
        return file.Exists
            ? string.Create(CultureInfo.InvariantCulture, $"{path}|{file.Length}|{file.LastWriteTimeUtc.Ticks}")
            : $"{path}|missing";
    }

    private static string ModelKey(string checkpoint, ModelSourceOptions options, string device) =>
        string.Create(CultureInfo.InvariantCulture,
            $"company.sources.mymodel:{checkpoint}:{File.GetLastWriteTimeUtc(checkpoint).Ticks}:{options.CheckpointKey}:{options.Classes}:{options.Hidden}:{device}");

    /// <summary><c>labels/&lt;id&gt;.png</c>; ids that would leave the output folder are refused.</summary>
    private static string RelativeLabelPath(string id)
    {
        var relative = Path.Combine(LabelFolder, id + ".png").Replace('\\', '/');
        var root = Path.GetFullPath("/seco-output/");
        if (Path.IsPathRooted(id) || !Path.GetFullPath(relative, root).StartsWith(root + LabelFolder + "/", StringComparison.Ordinal))
        {
            throw new SeCoInputException(new InputLocation(Item: id), "The image id must be a relative path inside the dataset (no '..', not rooted).");
        }

        return relative;
    }
}
