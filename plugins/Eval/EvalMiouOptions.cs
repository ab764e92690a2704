using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace SeCo.Plugins.Eval;

/// <summary>Options of <see cref="EvalMiouStage"/>; bound from the stage's "with" object.</summary>
public sealed record EvalMiouOptions
{
    /// <summary>
    /// When a label map's size differs from its ground truth's, resize it to the ground truth's size
    /// (nearest neighbour) instead of failing. Off by default: a size mismatch usually means the
    /// wrong files were paired.
    /// </summary>
    public bool ResizeToGroundTruth { get; init; }

    /// <summary>
    /// The taxonomy of the class ids: a built-in name (<c>cityscapes19</c>, <c>synthia16</c>) or an
    /// object declaring classes. Defaults to the pipeline's top-level <c>taxonomy</c>, then to the
    /// taxonomy the labels or images declare, then to <c>cityscapes19</c>.
    /// </summary>
    public JsonElement? Taxonomy { get; init; }

    /// <summary>
    /// What the scored labels are, for the report's headline table: <c>pseudoLabels</c> (labels made for training, e.g.
    /// on target-train) or <c>predictions</c> (a model's output on held-out images, e.g. target-val). Written into
    /// <c>metrics.json</c>; absent = not declared (the report lists the row under "other").
    /// </summary>
    public ScoredLabels? Scores { get; init; }

    /// <summary>The row's display name in the report (e.g. <c>PSA</c>, <c>adapted</c>); written into <c>metrics.json</c>.</summary>
    [StringLength(80)]
    public string? Name { get; init; }
}
