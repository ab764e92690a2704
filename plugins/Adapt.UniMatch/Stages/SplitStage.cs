using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using SeCo.Plugins.Adapt.UniMatch.Splitting;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Sdk.IO;
using SeCo.Sdk.Stages;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Regions;

namespace SeCo.Plugins.Adapt.UniMatch.Stages;

/// <summary>
/// Divides the target images into a labelled subset (pseudo-labels trusted) and an unlabelled one for UniMatch,
/// and writes <c>labeled.txt</c> / <c>unlabeled.txt</c> in UniMatch's list format (absolute paths) beside a
/// <c>scores.tsv</c> of the ranking.
/// </summary>
[Stage("split", Description = "Divides target images into a labelled subset (trusted pseudo-labels) and an unlabelled one; writes UniMatch's labeled.txt/unlabeled.txt.")]
public sealed class SplitStage : IStage<SplitOptions>
{
    /// <summary>The labelled list file's name.</summary>
    public const string LabeledFile = "labeled.txt";

    /// <summary>The unlabelled list file's name.</summary>
    public const string UnlabeledFile = "unlabeled.txt";

    /// <summary>The ranking scores file's name.</summary>
    public const string ScoresFile = "scores.tsv";

    /// <summary>The target images.</summary>
    public static readonly Port<ImageSet> Images = Port.Input<ImageSet>("images", "Target images.");

    /// <summary>The pseudo-labels (SCC's corrected labels when wired; 255 where a region was dropped).</summary>
    public static readonly Port<LabelSet> Labels = Port.Input<LabelSet>("labels", "Pseudo-labels of the images (255 = ignore / dropped).");

    /// <summary>SCC's region records, for <c>meanRegionScore</c>.</summary>
    public static readonly Port<RegionSet> Regions = Port.OptionalInput<RegionSet>("regions", "SCC regions with scores (rule meanRegionScore).");

    /// <summary>The split.</summary>
    public static readonly Port<Split> SplitOutput = Port.Output<Split>("split", "Labelled and unlabelled image ids with labeled.txt/unlabeled.txt.");

    /// <inheritdoc />
    public async Task<StageOutputs> RunAsync(StageContext context, SplitOptions options, StageInputs inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(inputs);
        var images = inputs.Get(Images);
        var labels = inputs.Get(Labels);
        var regions = inputs.TryGet(Regions);
        await Task.Yield();
        var rule = options.Rule;
        var items = Pair(images, labels);
        IReadOnlyList<string> labeled, unlabeled;
        IReadOnlyList<ImageScore> scores = [];
        if (rule == SplitRule.ListFiles)
        {
            (labeled, unlabeled) = FromLists(context, options, images, items);
        }
        else
        {
            scores = Score(context, rule, labels, regions, items, cancellationToken);
            (labeled, unlabeled) = RankedSplit.Divide(scores, options.Fraction);
        }

        Directory.CreateDirectory(context.OutputDirectory);
        var byId = items.ToDictionary(i => i.Image.Id, StringComparer.Ordinal);
        UniMatchListFile.Write(Path.Combine(context.OutputDirectory, LabeledFile), labeled.Select(id => Entry(byId[id], images, labels)));
        UniMatchListFile.Write(Path.Combine(context.OutputDirectory, UnlabeledFile), unlabeled.Select(id => Entry(byId[id], images, labels)));
        if (scores.Count > 0)
        {
            var text = new StringBuilder("id\tscore\tlabeled\n");
            var labeledSet = labeled.ToHashSet(StringComparer.Ordinal);
            foreach (var score in scores)
            {
                text.Append(CultureInfo.InvariantCulture, $"{score.Id}\t{score.Score:R}\t{(labeledSet.Contains(score.Id) ? 1 : 0)}\n");
            }

            AtomicFile.WriteAllText(Path.Combine(context.OutputDirectory, ScoresFile), text.ToString());
        }

        context.Logger.LogInformation("Split ({Rule}): {Labeled} labelled, {Unlabeled} unlabelled images", options.Rule, labeled.Count, unlabeled.Count);
        return new StageOutputs().Set(SplitOutput, new Split(context.OutputDirectory, labeled, unlabeled)
        {
            LabeledList = LabeledFile,
            UnlabeledList = UnlabeledFile,
        });
    }

    private static List<(ImageItem Image, LabelItem Label)> Pair(ImageSet images, LabelSet labels)
    {
        var labelsById = new Dictionary<string, LabelItem>(StringComparer.Ordinal);
        foreach (var label in labels.Items)
        {
            labelsById[label.Id] = label;
        }

        var items = new List<(ImageItem, LabelItem)>(images.Items.Count);
        foreach (var image in images.Items)
        {
            if (!labelsById.TryGetValue(image.Id, out var label))
            {
                throw new SeCoInputException(new InputLocation(Item: image.Id),
                    "The image has no pseudo-label; expected the labels input to cover every image.");
            }

            items.Add((image, label));
        }

        return items;
    }

    private static List<ImageScore> Score(StageContext context, SplitRule rule, LabelSet labels, RegionSet? regions,
        List<(ImageItem Image, LabelItem Label)> items, CancellationToken cancellationToken)
    {
        Dictionary<string, RegionItem>? regionsById = null;
        if (rule == SplitRule.MeanRegionScore)
        {
            if (regions is null)
            {
                throw new SeCoInputException(new InputLocation(JsonPath: "with.rule"),
                    "Rule meanRegionScore needs the regions input (SCC's RegionSet); connect \"regions\" or use survivingFraction.");
            }

            regionsById = regions.Items.ToDictionary(r => r.Id, StringComparer.Ordinal);
        }

        var scores = new List<ImageScore>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (image, label) = items[i];
            var map = LabelMapIO.Read(labels.LabelPath(label));
            double score;
            if (regionsById is null)
            {
                score = SurvivingFraction.Of(map);
            }
            else
            {
                if (!regionsById.TryGetValue(image.Id, out var regionItem))
                {
                    throw new SeCoInputException(new InputLocation(Item: image.Id), "The image has no region file; expected the regions input to cover every image.");
                }

                var path = regions!.RegionsPath(regionItem);
                score = KeptRegionScore.Of(RegionRecordJson.Read(path), map, path);
            }

            scores.Add(new ImageScore(image.Id, score));
            context.Progress.Report(i + 1, items.Count, "score");
        }

        return scores;
    }

    private static (IReadOnlyList<string> Labeled, IReadOnlyList<string> Unlabeled) FromLists(StageContext context, SplitOptions options,
        ImageSet images, List<(ImageItem Image, LabelItem Label)> items)
    {
        if (options.LabeledList is null)
        {
            throw new SeCoInputException(new InputLocation(JsonPath: "with.labeledList"), "Rule listFiles needs labeledList (a UniMatch list file).");
        }

        var labeledPath = context.ResolvePath(options.LabeledList);
        var labeled = Match(labeledPath, images, items);
        List<string> unlabeled;
        if (options.UnlabeledList is not null)
        {
            var unlabeledPath = context.ResolvePath(options.UnlabeledList);
            unlabeled = Match(unlabeledPath, images, items);
            var overlap = unlabeled.Intersect(labeled, StringComparer.Ordinal).FirstOrDefault();
            if (overlap is not null)
            {
                throw new SeCoInputException(new InputLocation(File: unlabeledPath, Item: overlap),
                    "The image is in both the labelled and the unlabelled list; expected disjoint lists.");
            }
        }
        else
        {
            var labeledSet = labeled.ToHashSet(StringComparer.Ordinal);
            unlabeled = [.. items.Select(i => i.Image.Id).Where(id => !labeledSet.Contains(id))];
        }

        return (labeled, unlabeled);
    }

    /// <summary>Matches each list line's image column to an image: by id, by absolute path, or by path suffix.</summary>
    private static List<string> Match(string listPath, ImageSet images, List<(ImageItem Image, LabelItem Label)> items)
    {
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (imageColumn, _, line) in UniMatchListFile.Read(listPath))
        {
            var column = imageColumn.Replace('\\', '/');
            string? found = null;
            foreach (var (image, _) in items)
            {
                var absolute = images.ImagePath(image).Replace('\\', '/');
                var relative = image.Image.Replace('\\', '/');
                if (image.Id == column || absolute == column || absolute.EndsWith("/" + column.TrimStart('/'), StringComparison.Ordinal) ||
                    column.EndsWith("/" + relative, StringComparison.Ordinal) || column == relative)
                {
                    found = image.Id;
                    break;
                }
            }

            if (found is null)
            {
                throw new SeCoInputException(new InputLocation(File: listPath, Line: line, Item: PathPolicy.Excerpt(imageColumn)),
                    "No input image matches this line; expected an image id or a path of one of the images.");
            }

            if (seen.Add(found))
            {
                ids.Add(found);
            }
        }

        return ids;
    }

    private static (string Image, string Mask) Entry((ImageItem Image, LabelItem Label) item, ImageSet images, LabelSet labels) =>
        (images.ImagePath(item.Image), labels.LabelPath(item.Label));
}
