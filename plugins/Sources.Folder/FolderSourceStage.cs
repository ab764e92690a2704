using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Sdk.Stages;
using SeCo.Vision.Taxonomies;

namespace SeCo.Plugins.Sources.Folder;

/// <summary>
/// Imports a dataset laid out as in the SeCo README: images and pixel pseudo-labels (and optionally
/// ground truth) under a root folder, listed in a list file. Nothing is copied: the artifacts point
/// into the root. Every line is validated before anything is returned, and all problems are
/// reported together with their line numbers.
/// </summary>
[Stage("sources.folder", Description = "Imports images and pixel pseudo-labels listed in a list file, without copying them.")]
public sealed class FolderSourceStage : IStage<FolderSourceOptions>, IFingerprintSource<FolderSourceOptions>
{
    /// <summary>The images, with ground truth when the list or options give it.</summary>
    public static readonly Port<ImageSet> Images = Port.Output<ImageSet>("images", "The listed images, with ground truth when given.");

    /// <summary>The pixel pseudo-labels.</summary>
    public static readonly Port<LabelSet> Labels = Port.Output<LabelSet>("labels", "The listed pixel pseudo-labels.");

    private const int MaxProblemsShown = 200;

    /// <inheritdoc />
    public Task<StageOutputs> RunAsync(StageContext context, FolderSourceOptions options, StageInputs inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var root = context.ResolvePath(options.Root);
        if (!Directory.Exists(root))
        {
            throw new SeCoInputException(new InputLocation(File: root, JsonPath: "with.root"),
                "The dataset root folder does not exist; expected a folder relative to the pipeline file.");
        }

        var listPath = context.InputPaths.IsRestricted ? context.InputPaths.Confine(options.List, root, "with.list") : ListPath(root, options.List);
        string text;
        try
        {
            text = File.ReadAllText(listPath, Encoding.UTF8);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SeCoInputException(new InputLocation(File: listPath, JsonPath: "with.list"),
                "The list file does not exist; expected a file relative to the dataset root.", e);
        }

        var taxonomy = Taxonomy.Resolve(options.Taxonomy ?? default, context.Taxonomy);
        var problems = new List<string>();
        var entries = ListFileParser.Parse(text, root, options.GroundTruth, problems, context.InputPaths);
        if (entries.Count == 0 && problems.Count == 0)
        {
            throw new SeCoInputException(listPath, "The list file lists no images; expected 'image_path label_path' lines.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        new FolderDatasetValidator(root, taxonomy).Validate(entries, problems, context.Progress, cancellationToken);
        if (problems.Count > 0)
        {
            throw new SeCoInputException(listPath, Describe(problems));
        }

        var images = new ImageSet(root, entries.Select(e => new ImageItem(e.Id, e.Image, e.GroundTruth)).ToArray())
        {
            Taxonomy = taxonomy.Name,
        };
        var labels = new LabelSet(root, entries.Select(e => new LabelItem(e.Id, e.Label)).ToArray())
        {
            Taxonomy = taxonomy.Name,
            // The list itself is in the reference format unless it carries a ground-truth column.
            ListFile = HasThirdColumn(text) ? null : listPath,
        };
        context.Logger.LogInformation("Imported {Count} images from {List} ({Taxonomy}, ground truth: {HasGroundTruth})",
            entries.Count, listPath, taxonomy.Name, images.HasGroundTruth);
        return Task.FromResult(new StageOutputs().Set(Images, images).Set(Labels, labels));
    }

    /// <inheritdoc />
    public string GetExternalFingerprint(FolderSourceOptions options, string pipelineDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = Path.GetFullPath(Path.Combine(pipelineDirectory, options.Root));
        return FolderSourceFingerprint.Compute(root, ListPath(root, options.List), options.GroundTruth);
    }

    private static string ListPath(string root, string list) =>
        Path.GetFullPath(Path.IsPathRooted(list) ? list : Path.Combine(root, list));

    private static bool HasThirdColumn(string text) =>
        text.Split('\n').Any(line => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length > 2);

    private static string Describe(List<string> problems)
    {
        var builder = new StringBuilder();
        builder.Append(problems.Count == 1 ? "The list has 1 problem:" : $"The list has {problems.Count} problems:");
        foreach (var problem in problems.Take(MaxProblemsShown))
        {
            builder.Append('\n').Append("  ").Append(problem);
        }

        if (problems.Count > MaxProblemsShown)
        {
            builder.Append('\n').Append($"  ... and {problems.Count - MaxProblemsShown} more.");
        }

        return builder.ToString();
    }
}
