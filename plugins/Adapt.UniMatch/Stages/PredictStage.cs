using Microsoft.Extensions.Logging;
using SeCo.Plugins.Adapt.UniMatch.Data;
using SeCo.Plugins.Adapt.UniMatch.Modeling;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Sdk.IO;
using SeCo.Sdk.Stages;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Taxonomies;
using SeCo.Vision.Thresholds;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Plugins.Adapt.UniMatch.Stages;

/// <summary>
/// Runs a DeepLabV3+ checkpoint over an image set: the argmax prediction of every image (<c>predictions/</c>, for
/// evaluation) and pseudo-labels thresholded with ProDA's class-wise CBST thresholds (<c>labels/</c>,
/// <c>thresholds.json</c>), computed from the softmax confidences of the whole set.
/// </summary>
[Stage("predict", UsesDevice = true, Description = "Runs a DeepLabV3+ checkpoint over images: argmax predictions and CBST-thresholded pseudo-labels.")]
public sealed class PredictStage : IStage<PredictOptions>
{
    /// <summary>The model.</summary>
    public static readonly Port<Checkpoint> Model = Port.Input<Checkpoint>("checkpoint", "A DeepLabV3+ checkpoint (train.supervised, adapt.bn, adapt.unimatch).");

    /// <summary>The images to predict.</summary>
    public static readonly Port<ImageSet> Images = Port.Input<ImageSet>("images", "Images to predict (only the pixels are read).");

    /// <summary>Every pixel's argmax class.</summary>
    public static readonly Port<LabelSet> Predictions = Port.Output<LabelSet>("predictions", "The argmax prediction of every pixel.");

    /// <summary>The thresholded pseudo-labels.</summary>
    public static readonly Port<LabelSet> Labels = Port.Output<LabelSet>("labels", "Pseudo-labels: CBST class-wise thresholds, 255 below threshold.");

    /// <summary>The thresholds file.</summary>
    public const string ThresholdsFileName = "thresholds.json";

    /// <inheritdoc />
    public async Task<StageOutputs> RunAsync(StageContext context, PredictOptions options, StageInputs inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(inputs);
        var checkpoint = inputs.Get(Model);
        var images = inputs.Get(Images);
        await Task.Yield();
        var (_, classes) = SegmenterCheckpoint.Architecture(checkpoint);
        var device = context.Tensors.Device;
        using var model = SegmenterCheckpoint.Load(checkpoint);
        model.to(device);
        model.eval();
        var root = context.OutputDirectory;
        Directory.CreateDirectory(Path.Combine(root, "predictions"));
        Directory.CreateDirectory(Path.Combine(root, "labels"));
        var taxonomy = Taxonomy.Resolve(default, context.Taxonomy, images.Taxonomy);

        // Pass 1: argmax maps and the confidence pools; pass 2: the same probabilities, thresholded.
        var pools = new ConfidencePools(classes, options.SampleStride);
        var predictions = new List<LabelItem>(images.Items.Count);
        for (var i = 0; i < images.Items.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = images.Items[i];
            var (probabilities, width, height) = Probabilities(model, images.ImagePath(item), device);
            if (Array.FindIndex(probabilities, p => !float.IsFinite(p)) >= 0)
            {
                throw new SeCoInputException(new InputLocation(File: checkpoint.Path, Item: item.Id),
                    "The model's class probabilities are not finite (NaN or infinity), so its predictions and CBST thresholds would be meaningless: "
                    + "the checkpoint's weights are not usable, most likely because the training that wrote it diverged (lower its learningRate).");
            }

            var argmax = new byte[width * height];
            pools.Add(probabilities, argmax, new float[width * height]);
            var name = FileName(item.Id);
            AtomicFile.WriteAllBytes(Path.Combine(root, "predictions", name), LabelMapIO.Encode(new LabelMap(width, height, argmax), taxonomy.Palette));
            predictions.Add(new LabelItem(item.Id, Path.Combine("predictions", name)));
            context.Progress.Report(i + 1, images.Items.Count, "predict");
        }

        var thresholds = ThresholdSolver.Solve(pools, options.Mode, options.Portion);
        ThresholdsFile.Write(Path.Combine(root, ThresholdsFileName), thresholds, options.SampleStride,
            taxonomy.Count == classes ? taxonomy.Classes.Select(c => c.Name).ToArray() : null);
        var labeler = new PseudoLabeler(thresholds);
        var labels = new List<LabelItem>(images.Items.Count);
        long kept = 0, total = 0;
        for (var i = 0; i < images.Items.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = images.Items[i];
            var (probabilities, width, height) = Probabilities(model, images.ImagePath(item), device);
            var map = new byte[width * height];
            labeler.Assign(probabilities, map, new float[width * height]);
            kept += map.Count(v => v != LabelMap.Ignore);
            total += map.Length;
            var name = FileName(item.Id);
            AtomicFile.WriteAllBytes(Path.Combine(root, "labels", name), LabelMapIO.Encode(new LabelMap(width, height, map), taxonomy.Palette));
            labels.Add(new LabelItem(item.Id, Path.Combine("labels", name)));
            context.Progress.Report(i + 1, images.Items.Count, "label");
        }

        context.Logger.LogInformation("Predicted {Count} images with {Checkpoint}; {Mode} pseudo-labels (portion {Portion}) cover {Coverage:F1} % of pixels",
            images.Items.Count, checkpoint.Path, options.Mode, options.Portion, total == 0 ? 0 : 100.0 * kept / total);
        return new StageOutputs()
            .Set(Predictions, new LabelSet(root, predictions) { Taxonomy = taxonomy.Name })
            .Set(Labels, new LabelSet(root, labels) { Taxonomy = taxonomy.Name });
    }

    private static (float[] Probabilities, int Width, int Height) Probabilities(DeepLabV3Plus model, string imagePath, Device device)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = ModelInput.FromFile(imagePath, device);                                  // [1, 3, H, W]
        var probabilities = nn.functional.softmax(model.forward(input), 1)[0].contiguous();  // [C, H, W]
        return (probabilities.cpu().data<float>().ToArray(), (int)input.shape[3], (int)input.shape[2]);
    }

    private static string FileName(string id) => id.Replace('/', '_').Replace('\\', '_') + ".png";
}
