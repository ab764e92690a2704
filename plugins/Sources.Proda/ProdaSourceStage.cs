using Microsoft.Extensions.Logging;
using SeCo.Plugins.Sources.Proda.Modeling;
using SeCo.Plugins.Sources.Proda.Preprocessing;
using SeCo.Vision.Thresholds;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Sdk.Stages;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Taxonomies;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Plugins.Sources.Proda;

/// <summary>
/// Pixel pseudo-labels from a trained UDA model: ProDA's DeepLabV2-R101 predicts every image (optionally
/// flip-averaged), then pixels are thresholded (CBST class-balanced thresholds by default). Two passes over
/// the images: the first runs the network, keeps each image's 1/8-resolution softmax (<see cref="PredictionCache"/>),
/// collects sampled confidences and fixes the thresholds (written to <c>thresholds.json</c>); the second labels
/// from the kept predictions and writes one palette PNG per image, so the network runs once per image. A killed
/// run keeps its predictions, thresholds and every finished label map and continues with the rest.
/// A shard run (<see cref="StageContext.Shard"/>) runs the network on its shard's images only: before the thresholds
/// exist it keeps their predictions for the whole run that fixes the (dataset-wide) thresholds and labels every image
/// from them without running the network again; once they exist it labels its shard's images.
/// </summary>
[Stage("sources.proda", Description = "Predicts pixel pseudo-labels with ProDA's DeepLabV2 and thresholds them (CBST class-balanced by default).", UsesDevice = true, Shardable = true)]
public sealed class ProdaSourceStage : IStage<ProdaSourceOptions>
{
    /// <summary>The target images.</summary>
    public static readonly Port<ImageSet> Images = Port.Input<ImageSet>("images", "The target-domain images to pseudo-label.");

    /// <summary>The thresholded pseudo-labels (255 = ignore), one palette PNG per image.</summary>
    public static readonly Port<LabelSet> Labels = Port.Output<LabelSet>("labels", "Thresholded pixel pseudo-labels (255 = ignore).");

    /// <summary>The file holding the thresholds, in the stage's output folder.</summary>
    public const string ThresholdsFileName = "thresholds.json";

    private const string LabelFolder = "labels";
    private const string ConfidenceFolder = "confidence";
    private const string PredictionFolder = "predictions";

    /// <inheritdoc />
    public Task<StageOutputs> RunAsync(StageContext context, ProdaSourceOptions options, StageInputs inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(inputs);
        if (options.Width % 8 != 0)
        {
            throw new SeCoInputException(new InputLocation(JsonPath: "with.width"), "The width must be a multiple of 8 (64 for ProDA's checkpoints).");
        }

        var images = inputs.Get(Images);
        var taxonomy = Taxonomy.Resolve(default, context.Taxonomy, images.Taxonomy); // the model's classes are the pipeline's
        var items = images.Items;
        var outputs = items.Select(i => (Item: i, Label: RelativeLabelPath(i.Id))).ToArray();
        Directory.CreateDirectory(context.OutputDirectory);
        var thresholdsPath = Path.Combine(context.OutputDirectory, ThresholdsFileName);
        var pending = outputs.Where(o => !File.Exists(Path.Combine(context.OutputDirectory, o.Label))).Select(o => o.Item).ToArray();
        var thresholdsExist = File.Exists(thresholdsPath);
        var skipped = new HashSet<string>(StringComparer.Ordinal);
        if (pending.Length > 0 || !thresholdsExist)
        {
            var checkpoint = options.Checkpoint is null ? null : context.ResolvePath(options.Checkpoint);
            using var model = ProdaModelFactory.Create(options, taxonomy.Count, checkpoint, context.Seed);
            model.to(context.Tensors.Device);
            var predictor = new ProdaPredictor(model);
            var cache = new PredictionCache(Path.Combine(context.OutputDirectory, PredictionFolder));
            context.Logger.LogInformation("ProDA DeepLabV2 (width {Width}, {Classes} classes) from {Weights} on {Device}",
                options.Width, taxonomy.Count, checkpoint ?? "random weights", context.Tensors.Device);

            if (context.Shard is not null && !thresholdsExist)
            {
                PredictShard(context, options, taxonomy.Count, images, pending.Where(i => context.ShouldProcess(i.Id)).ToArray(), predictor, cache, cancellationToken);
                return Task.FromResult(new StageOutputs());
            }

            ClassThresholds thresholds;
            if (thresholdsExist)
            {
                thresholds = ThresholdsFile.Read(thresholdsPath);
                context.Logger.LogInformation("Reusing {File}; {Count} images left to label", thresholdsPath, pending.Length);
            }
            else
            {
                thresholds = CollectThresholds(context, options, taxonomy.Count, images, predictor, cache, cancellationToken);
                ThresholdsFile.Write(thresholdsPath, thresholds, options.SampleStride, taxonomy.ClassNames);
            }

            skipped = WriteLabels(context, options, taxonomy, images, predictor, cache, new PseudoLabeler(thresholds), cancellationToken);
            if (context.Shard is null)
            {
                // Shards label concurrently and may be about to keep a prediction in the folder.
                cache.RemoveIfEmpty();
            }

            context.Logger.LogInformation("The network ran on {Forwarded} of {Images} images", predictor.ForwardedImages, items.Count);
        }

        var labels = new LabelSet(context.OutputDirectory, outputs.Where(o => !skipped.Contains(o.Item.Id)).Select(o => new LabelItem(o.Item.Id, o.Label)).ToArray())
        {
            Taxonomy = taxonomy.Name,
        };
        return Task.FromResult(new StageOutputs().Set(Labels, labels));
    }

    private static ClassThresholds CollectThresholds(StageContext context, ProdaSourceOptions options, int classes, ImageSet images,
        ProdaPredictor predictor, PredictionCache cache, CancellationToken cancellationToken)
    {
        var pools = new ConfidencePools(classes, options.SampleStride);
        var done = 0;
        foreach (var batch in images.Items.Chunk(options.BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            Predict(context, options, classes, images, batch, predictor, cache, (item, probabilities, width, height) =>
            {
                var pixels = width * height;
                pools.Add(probabilities, new byte[pixels], new float[pixels]);
            });
            done += batch.Length;
            context.Progress.Report(done, 2L * images.Items.Count, "thresholds");
        }

        var thresholds = ThresholdSolver.Solve(pools, options.Mode, options.Portion);
        context.Logger.LogInformation("{Mode} thresholds (portion {Portion}): {Thresholds}", options.Mode, options.Portion,
            string.Join(", ", thresholds.Effective().Select(t => t.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture))));
        return thresholds;
    }

    /// <summary>The first pass for one shard: runs the network on its images that have no kept prediction and keeps them.</summary>
    private static void PredictShard(StageContext context, ProdaSourceOptions options, int classes, ImageSet images, ImageItem[] shard,
        ProdaPredictor predictor, PredictionCache cache, CancellationToken cancellationToken)
    {
        var missing = shard.Where(i => !File.Exists(cache.PathOf(i.Id))).ToArray();
        var done = shard.Length - missing.Length;
        foreach (var batch in missing.Chunk(options.BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            Predict(context, options, classes, images, batch, predictor, cache, consume: null);
            done += batch.Length;
            context.Progress.Report(done, shard.Length, "predictions");
        }

        context.Logger.LogInformation("Shard {Shard}: the network ran on {Forwarded} of the shard's {Images} images; a whole run fixes the thresholds and labels",
            context.Shard, predictor.ForwardedImages, shard.Length);
    }

    /// <summary>
    /// The second pass, on the SDK's <see cref="ItemLoop"/>: labels every image of this shard without a label from its kept
    /// prediction (the network runs only for an image whose prediction is gone) and removes the kept predictions of
    /// the labelled images. Returns the ids of the images left out as bad (<c>onBadItem: skip</c>).
    /// </summary>
    private static HashSet<string> WriteLabels(StageContext context, ProdaSourceOptions options, Taxonomy taxonomy, ImageSet images,
        ProdaPredictor predictor, PredictionCache cache, PseudoLabeler labeler, CancellationToken cancellationToken)
    {
        var palette = taxonomy.Palette;
        string LabelFile(ImageItem item) => Path.Combine(context.OutputDirectory, RelativeLabelPath(item.Id));
        string ConfidenceFile(ImageItem item) => Path.Combine(context.OutputDirectory, ConfidenceFolder, item.Id + "_conf.npy");
        var labelled = ItemLoop.Run(context, images.Items, "labels", item => item.Id,
            item => options.SaveConfidence ? [LabelFile(item), ConfidenceFile(item)] : [LabelFile(item)],
            item =>
            {
                byte[][]? files = null;
                Predict(context, options, taxonomy.Count, images, [item], predictor, cache, (_, probabilities, width, height) =>
                {
                    var map = new LabelMap(width, height);
                    var scratch = new float[width * height];
                    byte[]? confidence = null;
                    if (options.SaveConfidence)
                    {
                        ProbabilityMaps.MaxArgmax(probabilities, taxonomy.Count, map.Data, scratch);
                        confidence = ConfidenceMapWriter.Encode(scratch, width, height);
                    }

                    labeler.Assign(probabilities, map.Data, scratch);
                    var label = LabelMapIO.Encode(map, palette);
                    files = confidence is null ? [label] : [label, confidence];
                });
                return files!;
            }, maxDegreeOfParallelism: 1, cancellationToken);
        foreach (var item in labelled.Completed)
        {
            cache.Remove(item.Id);
        }

        return labelled.Skipped.Select(s => s.Item.Id).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Hands each image's probabilities <c>[C, H, W]</c> (at the image's own size) to <paramref name="consume"/>:
    /// from the kept prediction when there is one, else from one batched forward over the images without one
    /// (whose predictions are then kept). With no <paramref name="consume"/> the predictions are only kept.
    /// </summary>
    private static void Predict(StageContext context, ProdaSourceOptions options, int classes, ImageSet images, ImageItem[] batch,
        ProdaPredictor predictor, PredictionCache cache, Action<ImageItem, float[], int, int>? consume)
    {
        using var scope = NewDisposeScope();
        var native = new Tensor?[batch.Length];
        var sizes = new (int Height, int Width)[batch.Length];
        var missing = new List<int>(batch.Length);
        var tensors = new List<Tensor>(batch.Length);
        for (var i = 0; i < batch.Length; i++)
        {
            if (cache.TryRead(batch[i].Id, out var kept, out var height, out var width))
            {
                native[i] = kept!.to(context.Tensors.Device);
                sizes[i] = (height, width);
                continue;
            }

            var image = RgbImageIO.Read(images.ImagePath(batch[i]));
            sizes[i] = (image.Height, image.Width);
            tensors.Add(ProdaImagePreprocessor.ToTensor(image, options.InputWidth, options.InputHeight));
            missing.Add(i);
        }

        if (missing.Count > 0)
        {
            var input = stack(tensors).to(context.Tensors.Device);     // [B', 3, inputHeight, inputWidth]
            var predicted = predictor.NativeProbabilities(input, options.Flip);
            for (var m = 0; m < missing.Count; m++)
            {
                var i = missing[m];
                cache.Write(batch[i].Id, predicted[m], sizes[i].Height, sizes[i].Width);
                native[i] = predicted[m];
            }
        }

        for (var i = 0; consume is not null && i < batch.Length; i++)
        {
            using var imageScope = NewDisposeScope();
            if (native[i]!.shape[1] != classes)
            {
                throw new InvalidOperationException($"The model predicts {native[i]!.shape[1]} classes, not {classes}.");
            }

            var probabilities = ProdaPredictor.Combine(native[i]!, sizes[i].Height, sizes[i].Width); // [C, H, W]
            var values = probabilities.cpu().contiguous().data<float>().ToArray();
            consume(batch[i], values, sizes[i].Width, sizes[i].Height);
        }
    }


    /// <summary><c>labels/&lt;id&gt;.png</c>, refusing ids that would leave the output folder.</summary>
    private static string RelativeLabelPath(string id)
    {
        var relative = Path.Combine(LabelFolder, id + ".png");
        if (Path.IsPathRooted(id) || Path.GetFullPath(relative, "/root/").StartsWith("/root/" + LabelFolder + "/", StringComparison.Ordinal) is false)
        {
            throw new SeCoInputException(new InputLocation(Item: id), "The image id must be a relative path inside the dataset (no '..', not rooted).");
        }

        return relative.Replace('\\', '/');
    }
}
