using Microsoft.Extensions.Logging;
using SeCo.Plugins.Adapt.UniMatch.Data;
using SeCo.Plugins.Adapt.UniMatch.Modeling;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
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
/// <c>thresholds.json</c>), computed from the softmax confidences of the whole set. Both passes run on the SDK's
/// <see cref="ItemLoop"/>: a killed run keeps every written map and the thresholds and goes on with the rest.
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
        Directory.CreateDirectory(root);
        var taxonomy = Taxonomy.Resolve(default, context.Taxonomy, images.Taxonomy);
        var thresholdsPath = Path.Combine(root, ThresholdsFileName);
        var thresholdsExist = File.Exists(thresholdsPath);

        // Pass 1: the argmax map of every image, and the confidence pools of every image the thresholds come from.
        // An image whose prediction a killed run already wrote is predicted again only when the thresholds are not
        // written yet (its confidences are not kept); the pools are sorted before use, so their order does not matter.
        var pools = new ConfidencePools(classes, options.SampleStride);
        var pooled = new HashSet<string>(StringComparer.Ordinal);
        SeCoInputException? notFinite = null;
        (float[] Probabilities, int Width, int Height) Forward(ImageItem item)
        {
            if (notFinite is not null)
            {
                throw notFinite;
            }

            var result = Probabilities(model, images.ImagePath(item), device);
            if (Array.FindIndex(result.Probabilities, p => !float.IsFinite(p)) >= 0)
            {
                throw notFinite = new SeCoInputException(new InputLocation(File: checkpoint.Path, Item: item.Id),
                    "The model's class probabilities are not finite (NaN or infinity), so its predictions and CBST thresholds would be meaningless: "
                    + "the checkpoint's weights are not usable, most likely because the training that wrote it diverged (lower its learningRate).");
            }

            return result;
        }

        byte[] Pool(ImageItem item, float[] probabilities, int width, int height)
        {
            var argmax = new byte[width * height];
            pools.Add(probabilities, argmax, new float[width * height]);
            pooled.Add(item.Id);
            return argmax;
        }

        var predicted = ItemLoop.Run(context, images.Items, "predict", item => item.Id, item => Path.Combine(root, PredictionPath(item.Id)), item =>
        {
            var (probabilities, width, height) = Forward(item);
            return LabelMapIO.Encode(new LabelMap(width, height, Pool(item, probabilities, width, height)), taxonomy.Palette);
        }, cancellationToken);
        if (notFinite is not null)
        {
            // A checkpoint problem, not a bad image: it fails the stage even with onBadItem: skip.
            throw notFinite;
        }

        ClassThresholds thresholds;
        if (thresholdsExist)
        {
            thresholds = ThresholdsFile.Read(thresholdsPath);
            context.Logger.LogInformation("Reusing {File}", thresholdsPath);
        }
        else
        {
            foreach (var item in predicted.Completed.Where(i => !pooled.Contains(i.Id)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (probabilities, width, height) = Forward(item);
                Pool(item, probabilities, width, height);
            }

            thresholds = ThresholdSolver.Solve(pools, options.Mode, options.Portion);
            ThresholdsFile.Write(thresholdsPath, thresholds, options.SampleStride,
                taxonomy.Count == classes ? taxonomy.Classes.Select(c => c.Name).ToArray() : null);
        }

        // Pass 2: the same probabilities, thresholded. Labelling needs every class's probability (CBST's argmax of
        // p_c / thr_c), which is not kept between the passes, so the network runs again.
        var labeler = new PseudoLabeler(thresholds);
        long kept = 0, total = 0;
        var labelled = ItemLoop.Run(context, predicted.Completed, "label", item => item.Id, item => Path.Combine(root, LabelPath(item.Id)), item =>
        {
            var (probabilities, width, height) = Forward(item);
            var map = new byte[width * height];
            labeler.Assign(probabilities, map, new float[width * height]);
            kept += map.Count(v => v != LabelMap.Ignore);
            total += map.Length;
            return LabelMapIO.Encode(new LabelMap(width, height, map), taxonomy.Palette);
        }, cancellationToken);

        context.Logger.LogInformation("Predicted {Count} images with {Checkpoint}; {Mode} pseudo-labels (portion {Portion}) cover {Coverage:F1} % of the pixels labelled in this run",
            predicted.Completed.Count, checkpoint.Path, options.Mode, options.Portion, total == 0 ? 0 : 100.0 * kept / total);
        return new StageOutputs()
            .Set(Predictions, new LabelSet(root, [.. predicted.Completed.Select(i => new LabelItem(i.Id, PredictionPath(i.Id)))]) { Taxonomy = taxonomy.Name })
            .Set(Labels, new LabelSet(root, [.. labelled.Completed.Select(i => new LabelItem(i.Id, LabelPath(i.Id)))]) { Taxonomy = taxonomy.Name });
    }

    private static (float[] Probabilities, int Width, int Height) Probabilities(DeepLabV3Plus model, string imagePath, Device device)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = ModelInput.FromFile(imagePath, device);                                  // [1, 3, H, W]
        var probabilities = nn.functional.softmax(model.forward(input), 1)[0].contiguous();  // [C, H, W]
        return (probabilities.cpu().data<float>().ToArray(), (int)input.shape[3], (int)input.shape[2]);
    }

    private static string PredictionPath(string id) => Path.Combine("predictions", FileName(id));

    private static string LabelPath(string id) => Path.Combine("labels", FileName(id));

    private static string FileName(string id) => id.Replace('/', '_').Replace('\\', '_') + ".png";
}
