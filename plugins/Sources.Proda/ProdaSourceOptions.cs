using System.ComponentModel.DataAnnotations;
using SeCo.Vision.Thresholds;
using SeCo.Sdk.Stages;

namespace SeCo.Plugins.Sources.Proda;

/// <summary>
/// Options of <see cref="ProdaSourceStage"/>; bound from the stage's "with" object. The thresholding options
/// (<c>mode</c>, <c>portion</c>, <c>sampleStride</c>) are <see cref="ThresholdOptions"/>'s, declared there once.
/// </summary>
public sealed record ProdaSourceOptions : ThresholdOptions, IValidatableObject
{
    /// <summary>
    /// ProDA's trained checkpoint (<c>from_gta5_to_cityscapes_on_deeplabv2_best_model.pkl</c> and the like,
    /// released with microsoft/ProDA), relative to the pipeline file. Any PyTorch <c>.pth</c>/<c>.pkl</c>
    /// state dict with ProDA's key names loads; a <c>module.</c> prefix is removed.
    /// </summary>
    [FilePath]
    public string? Checkpoint { get; init; }

    /// <summary>
    /// Where the state dict sits in the checkpoint, as <c>/</c>-separated keys (ProDA: <c>ResNet101/model_state</c>).
    /// Found automatically when absent.
    /// </summary>
    public string? CheckpointKey { get; init; }

    /// <summary>
    /// Run a randomly initialised network (seeded from the run's seed) when no checkpoint is given. Only for
    /// tests and demos: its pseudo-labels are meaningless. Without it a missing checkpoint is an error.
    /// </summary>
    public bool AllowRandomWeights { get; init; }

    /// <summary>
    /// Base channel count of the network: 64 is ProDA's DeepLabV2-R101 (required for its checkpoints); a
    /// smaller multiple of 8 gives a cheap network of the same structure for tests and demos.
    /// </summary>
    [Range(8, 1024)]
    public int Width { get; init; } = 64;

    /// <summary>Model input width: images are resized to it with PIL-style bilinear resampling (ProDA: 2048).</summary>
    [Range(16, 16384)]
    public int InputWidth { get; init; } = 2048;

    /// <summary>Model input height (ProDA: 1024).</summary>
    [Range(16, 16384)]
    public int InputHeight { get; init; } = 1024;

    /// <summary>Average the probabilities with those of the horizontally flipped image (ProDA's <c>--flip</c>).</summary>
    public bool Flip { get; init; } = true;

    /// <summary>Images per forward pass.</summary>
    [Range(1, 256)]
    public int BatchSize { get; init; } = 1;

    /// <summary>Also write each image's confidence (maximum probability) as a float16 <c>.npy</c>, like ProDA's <c>_conf.npy</c>.</summary>
    public bool SaveConfidence { get; init; }

    /// <summary>Checks at validation what the stage would refuse when it runs: a width that is not a multiple of 8.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Width % 8 != 0)
        {
            yield return new ValidationResult("The width must be a multiple of 8 (64 for ProDA's checkpoints).", [nameof(Width)]);
        }
    }
}
