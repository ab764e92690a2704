using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Sdk.IO;
using SeCo.Sdk.Stages;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Metrics;
using SeCo.Vision.Taxonomies;

namespace SeCo.Plugins.Eval;

/// <summary>
/// Scores label maps (pseudo-labels or predictions) against ground truth: per-class IoU, mIoU,
/// pixel accuracy, and for sparse pseudo-labels the mIoU on labelled pixels and the coverage.
/// Writes <c>metrics.json</c> and logs a table. Each image's confusion matrix is kept in <c>images/&lt;id&gt;.cm</c>
/// (a few kB), so a killed run resumes and a shard run (<see cref="StageContext.Shard"/>) scores only its shard's
/// images; the whole run then merges the kept matrices (exact integer sums) into <c>metrics.json</c>.
/// </summary>
[Stage("eval.miou", Shardable = true, Description = "Scores label maps against ground truth: per-class IoU, mIoU, pixel accuracy, coverage.")]
public sealed class EvalMiouStage : IStage<EvalMiouOptions>
{
    /// <summary>The images; every one needs a ground-truth label map, on <see cref="GroundTruth"/> or in the image set.</summary>
    public static readonly Port<ImageSet> Images = Port.Input<ImageSet>("images", "The scored images (with ground truth unless groundTruth is connected).");

    /// <summary>The ground truth, when the image set carries none (the explicit ground-truth port of a source).</summary>
    public static readonly Port<LabelSet> GroundTruth = Port.OptionalInput<LabelSet>("groundTruth", "Ground-truth label maps, one per image id (else the image set's own).");

    /// <summary>The label maps to score, one per image id.</summary>
    public static readonly Port<LabelSet> Labels = Port.Input<LabelSet>("labels", "The label maps to score (255 = not labelled).");

    /// <summary>The report: <c>metrics.json</c> and the headline values.</summary>
    public static readonly Port<Report> Report = Port.Output<Report>("report", "metrics.json with per-class IoU and summary values.");

    private const string ItemFolder = "images";

    /// <inheritdoc />
    public Task<StageOutputs> RunAsync(StageContext context, EvalMiouOptions options, StageInputs inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(inputs);
        var images = inputs.Get(Images);
        var labels = inputs.Get(Labels);
        var taxonomy = Taxonomy.Resolve(options.Taxonomy ?? default, context.Taxonomy, labels.Taxonomy ?? images.Taxonomy);
        var groundTruth = inputs.TryGet(GroundTruth);
        images = WithGroundTruth(images, groundTruth);
        // Items an upstream stage skipped (onBadItem: skip) are missing from the labels: skipped here too.
        var missing = CheckPairing(images, labels, context.OnBadItem == BadItemPolicy.Skip);

        var labelsById = labels.Items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var matrix = new ConfusionMatrix(taxonomy.Count);
        var stopwatch = Stopwatch.StartNew();
        foreach (var id in images.Items.Select(i => i.Id).Where(id => missing.Contains(id) && context.ShouldProcess(id)))
        {
            context.Logger.LogWarning("Skipped {Image}: it has no label map (skipped by an earlier stage)", id);
        }

        // One kept confusion matrix per image (a later run reads it instead of scoring again), summed in image order.
        var done = ItemLoop.Run(context, images.Items.Where(i => !missing.Contains(i.Id)).ToList(), "score", item => item.Id,
            item => CountsPath(context, item.Id),
            item => ScoreImage(images, item, labels, labelsById[item.Id], taxonomy, options).ToBytes(), cancellationToken);
        foreach (var item in done.Completed)
        {
            matrix.Merge(ConfusionMatrix.FromBytes(File.ReadAllBytes(CountsPath(context, item.Id))));
        }

        var badReasons = done.Skipped.ToDictionary(s => s.Item.Id, s => s.Reason, StringComparer.Ordinal);
        var skipped = images.Items
            .Where(i => context.ShouldProcess(i.Id) && (missing.Contains(i.Id) || badReasons.ContainsKey(i.Id)))
            .Select(i => (i.Id, missing.Contains(i.Id) ? "no label map in the labels input (skipped by an earlier stage)" : badReasons[i.Id]))
            .ToList();

        if (context.Shard is not null)
        {
            context.Logger.LogInformation("Shard {Shard}: scored {Count} images; a whole run writes metrics.json", context.Shard, matrix.ImageCount);
            return Task.FromResult(new StageOutputs());
        }

        var scores = matrix.Score();
        Directory.CreateDirectory(context.OutputDirectory);
        var metricsPath = Path.Combine(context.OutputDirectory, MetricsReport.FileName);
        MetricsReport.Write(metricsPath, taxonomy, matrix, scores, skipped, images, labels, groundTruth, options);
        context.Logger.LogInformation("Scored {Count} images against ground truth ({Taxonomy}) in {Ms} ms",
            scores.ImageCount, taxonomy.Name, stopwatch.ElapsedMilliseconds);

        // One message per row: single-line log formatters (the CLI's, journald) keep the table readable.
        foreach (var row in MetricsReport.Table(taxonomy, scores).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            context.Logger.LogInformation("{Row}", row.TrimEnd('\r'));
        }

        var report = new Report(context.OutputDirectory, [MetricsReport.FileName]) { Metrics = MetricsReport.Headline(scores) };
        return Task.FromResult(new StageOutputs().Set(Report, report));
    }

    /// <summary>Where the image's confusion matrix is kept (refused for an id that would leave the stage folder).</summary>
    private static string CountsPath(StageContext context, string id)
    {
        var relative = Path.Combine(ItemFolder, id + ".cm");
        if (Path.IsPathRooted(id) || !Path.GetFullPath(relative, "/root/").StartsWith("/root/" + ItemFolder + "/", StringComparison.Ordinal))
        {
            throw new SeCoInputException(new InputLocation(Item: id), "The image id must be a relative path inside the dataset (no '..', not rooted).");
        }

        return Path.Combine(context.OutputDirectory, relative);
    }

    private static ConfusionMatrix ScoreImage(ImageSet images, ImageItem item, LabelSet labels, LabelItem label, Taxonomy taxonomy, EvalMiouOptions options)
    {
        var groundTruthPath = images.GroundTruthPath(item)!;
        var groundTruth = LabelMapIO.Read(groundTruthPath);
        var labelPath = labels.LabelPath(label);
        var prediction = LabelMapIO.Read(labelPath);
        if (prediction.Width != groundTruth.Width || prediction.Height != groundTruth.Height)
        {
            if (!options.ResizeToGroundTruth)
            {
                throw new SeCoInputException(new InputLocation(File: labelPath, Item: item.Id),
                    $"The label map is {prediction.Width}x{prediction.Height} but its ground truth ({groundTruthPath}) is " +
                    $"{groundTruth.Width}x{groundTruth.Height}; expected the same size (or set resizeToGroundTruth).");
            }

            prediction = LabelMapResize.Nearest(prediction, groundTruth.Width, groundTruth.Height);
        }

        var matrix = new ConfusionMatrix(taxonomy.Count);
        matrix.Add(groundTruth, prediction);
        if (matrix.InvalidGroundTruthPixels > 0)
        {
            throw new SeCoInputException(new InputLocation(File: groundTruthPath, Item: item.Id),
                $"The ground truth has {matrix.InvalidGroundTruthPixels} pixels whose value is neither a class id of {taxonomy.Name} " +
                $"(0 to {taxonomy.Count - 1}) nor 255 (ignore).");
        }

        return matrix;
    }

    /// <summary>The image set with the ground truth of <paramref name="groundTruth"/> (absolute paths), or unchanged when it is null.</summary>
    private static ImageSet WithGroundTruth(ImageSet images, LabelSet? groundTruth)
    {
        if (groundTruth is null)
        {
            return images;
        }

        var truthById = groundTruth.Items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var missing = images.Items.Where(i => !truthById.ContainsKey(i.Id)).Select(i => i.Id).ToList();
        if (missing.Count > 0)
        {
            throw new SeCoInputException(new InputLocation(Item: missing[0]),
                $"{missing.Count} image(s) have no map in the groundTruth input ({Sample(missing)}); expected the ground truth of the same images.");
        }

        return images with
        {
            Items = images.Items.Select(i => i with { GroundTruth = groundTruth.LabelPath(truthById[i.Id]) }).ToArray(),
        };
    }

    /// <returns>The ids of images without a label map, when <paramref name="skipMissing"/> lets them be skipped.</returns>
    private static HashSet<string> CheckPairing(ImageSet images, LabelSet labels, bool skipMissing)
    {
        var withoutGroundTruth = images.Items.Where(i => i.GroundTruth is null).Select(i => i.Id).ToList();
        if (images.Items.Count == 0 || withoutGroundTruth.Count > 0)
        {
            throw new SeCoInputException(new InputLocation(Item: withoutGroundTruth.FirstOrDefault()),
                images.Items.Count == 0
                    ? "The image set is empty; expected images with ground truth."
                    : $"{withoutGroundTruth.Count} image(s) have no ground truth ({Sample(withoutGroundTruth)}); eval.miou needs ground truth for every image.");
        }

        var labelIds = new HashSet<string>(labels.Items.Select(i => i.Id), StringComparer.Ordinal);
        var missing = images.Items.Where(i => !labelIds.Contains(i.Id)).Select(i => i.Id).ToList();
        if (skipMissing && missing.Count < images.Items.Count)
        {
            return missing.ToHashSet(StringComparer.Ordinal);
        }

        if (missing.Count > 0)
        {
            throw new SeCoInputException(new InputLocation(Item: missing[0]),
                $"{missing.Count} image(s) have no label map in the labels input ({Sample(missing)}); expected one label map per image.");
        }

        return [];
    }

    private static string Sample(IReadOnlyList<string> ids) =>
        string.Join(", ", ids.Take(5)) + (ids.Count > 5 ? ", ..." : "");
}
