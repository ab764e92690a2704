using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using SeCo.Sdk.Stages;

namespace SeCo.Plugins.Sources.Folder;

/// <summary>Options of <see cref="FolderSourceStage"/>; bound from the stage's "with" object.</summary>
public sealed record FolderSourceOptions : IValidatableObject
{
    /// <summary>
    /// The dataset root folder, relative to the folder of <c>pipeline.json</c> (or absolute). Every path
    /// in the list file is relative to it and must stay inside it.
    /// </summary>
    [FilePath]
    [Required]
    public string Root { get; init; } = "";

    /// <summary>
    /// The list file, relative to <see cref="Root"/> (or absolute): one image per line,
    /// <c>image_path label_path</c> (the SeCo/UniMatch layout), optionally a third column
    /// <c>ground_truth_path</c>. Columns are separated by spaces; empty lines are skipped.
    /// </summary>
    [Required]
    public string List { get; init; } = "";

    /// <summary>
    /// Derives each image's ground-truth path from its image path by text replacements applied in
    /// order, e.g. <c>[["leftImg8bit/", "gtFine/"], ["_leftImg8bit.png", "_gtFine_labelTrainIds.png"]]</c>
    /// for Cityscapes. Every replacement must change the path. A third list column takes precedence.
    /// Without both, the images have no ground truth.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>>? GroundTruth { get; init; }

    /// <summary>
    /// The taxonomy of the labels: a built-in name (<c>cityscapes19</c>, <c>synthia16</c>) or an
    /// object declaring classes. Defaults to the pipeline's top-level <c>taxonomy</c>, else <c>cityscapes19</c>.
    /// </summary>
    public JsonElement? Taxonomy { get; init; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (GroundTruth is null)
        {
            yield break;
        }

        for (var i = 0; i < GroundTruth.Count; i++)
        {
            var rule = GroundTruth[i];
            if (rule is null || rule.Count != 2 || string.IsNullOrEmpty(rule[0]) || rule[1] is null)
            {
                yield return new ValidationResult(
                    $"groundTruth[{i}] must be a pair [\"text in the image path\", \"replacement\"] with non-empty text to find.",
                    [nameof(GroundTruth)]);
            }
        }
    }
}
