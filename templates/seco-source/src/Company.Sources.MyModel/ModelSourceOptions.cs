using System.ComponentModel.DataAnnotations;

namespace Company.Sources.MyModel;

/// <summary>
/// Options of <see cref="ModelSourceStage"/>; bound from the stage's "with" object (camelCase keys, unknown
/// keys are errors). The XML docs below are what <c>seco plugins</c> and the options schema show.
/// </summary>
public sealed record ModelSourceOptions : IValidatableObject
{
    /// <summary>
    /// The trained weights, relative to the pipeline file (or absolute): a PyTorch state dict (<c>.pth</c>,
    /// <c>.pt</c>) or a <c>.safetensors</c> file with the keys <c>conv1.weight</c>, <c>conv1.bias</c>,
    /// <c>classifier.weight</c>, <c>classifier.bias</c>. A <c>module.</c> prefix (DataParallel) is removed.
    /// </summary>
    [Required]
    public string Checkpoint { get; init; } = "";

    /// <summary>Where the state dict sits inside a <c>.pth</c> file, as <c>/</c>-separated keys (e.g. <c>model_state</c>); found automatically when absent.</summary>
    public string? CheckpointKey { get; init; }

    /// <summary>Number of classes the model predicts (19 for Cityscapes); class ids are 0 to classes - 1, 255 means ignore.</summary>
    [Range(1, 255)]
    public int Classes { get; init; } = 19;

    /// <summary>Channels of the model's hidden layer; must match the checkpoint.</summary>
    [Range(1, 4096)]
    public int Hidden { get; init; } = 16;

    /// <summary>
    /// Pixels whose highest class probability is below this are set to ignore (255): the usual confidence
    /// thresholding of pixel pseudo-labels. 0 keeps every pixel.
    /// </summary>
    [Range(0.0, 1.0)]
    public double Threshold { get; init; } = 0.5;

    /// <summary>Per-channel (R, G, B) mean subtracted from images scaled to [0, 1], as in the model's training.</summary>
    public IReadOnlyList<double> Mean { get; init; } = [0.485, 0.456, 0.406];

    /// <summary>Per-channel (R, G, B) standard deviation images are divided by after subtracting <see cref="Mean"/>.</summary>
    public IReadOnlyList<double> Std { get; init; } = [0.229, 0.224, 0.225];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Mean is not { Count: 3 })
        {
            yield return new ValidationResult("mean must hold three values, one per channel (R, G, B).", [nameof(Mean)]);
        }

        if (Std is not { Count: 3 })
        {
            yield return new ValidationResult("std must hold three values, one per channel (R, G, B).", [nameof(Std)]);
        }
        else if (Std.Any(s => !(s > 0) || double.IsInfinity(s)))
        {
            yield return new ValidationResult("std values must be positive and finite: images are divided by them.", [nameof(Std)]);
        }
    }
}
