using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using SeCo.Plugins.Psa.Aggregation;
using SeCo.Plugins.Psa.Modeling;
using SeCo.Sdk.IO;
using SeCo.Sdk.Stages;
using SeCo.Vision.Geometry;
using SeCo.Vision.Purity;
using SeCo.Vision.Taxonomies;

namespace SeCo.Plugins.Psa.Stages;

/// <summary>Options of <see cref="PsaStage"/>; bound from the stage's "with" object.</summary>
public sealed record PsaOptions : IValidatableObject
{
    /// <summary>
    /// Where regions and thing masks come from: <c>sam</c> (the reference) or the weight-free <c>felzenszwalb</c>.
    /// </summary>
    public PsaProposer Proposer { get; init; } = PsaProposer.Sam;

    /// <summary>
    /// The SAM checkpoint (official <c>.pth</c> or <c>.safetensors</c> state dict), relative to the pipeline folder;
    /// required with <c>proposer: "sam"</c>. Weights are never downloaded; get them from the segment-anything releases.
    /// </summary>
    [FilePath]
    public string? Checkpoint { get; init; }

    /// <summary>
    /// The SAM architecture: <c>vit_b</c>, <c>vit_l</c>, <c>vit_h</c> (= <c>default</c>). Also names the outputs
    /// (<c>&lt;folder&gt;_sam_&lt;variant&gt;</c>) as the reference's <c>--sam-type</c> does.
    /// </summary>
    [Required] public string Variant { get; init; } = "vit_h";

    /// <summary>
    /// Optional architecture file (<c>config.json</c> with <c>image_encoder</c>, <c>prompt_encoder</c> and
    /// <c>mask_decoder</c> objects) for a non-official SAM, relative to the pipeline folder; <see cref="Variant"/> then
    /// only names the outputs.
    /// </summary>
    [FilePath]
    public string? VariantConfig { get; init; }

    /// <summary>
    /// The type SAM's image encoder runs in on the tensor context's device: <c>float32</c> (the reference numbers),
    /// <c>bfloat16</c> or <c>float16</c> (CUDA only; rejected on the CPU). The prompt encoder and mask decoder stay
    /// float32. Reduced precision helps on GPUs (half the encoder's memory and bandwidth, tensor cores) and on CPUs
    /// with native bfloat16 (AVX-512 BF16, AMX); on an AVX2-only CPU a bfloat16 ViT-B encode measured 6.7× slower
    /// than float32, so keep float32 there. Masks then differ from float32 ones on a small share of boundary pixels.
    /// </summary>
    [EnumDataType(typeof(EncoderPrecision))]
    public EncoderPrecision EncoderPrecision { get; init; } = EncoderPrecision.Float32;

    /// <summary>
    /// The taxonomy of the class ids: a built-in name (<c>cityscapes19</c>, <c>synthia16</c>) or an object declaring
    /// classes. Defaults to the pipeline's top-level <c>taxonomy</c>, then to the labels' taxonomy, then <c>cityscapes19</c>.
    /// </summary>
    public JsonElement? Taxonomy { get; init; }

    /// <summary>Classes assigned by the mask vote; defaults to the taxonomy's stuff classes.</summary>
    public IReadOnlyList<int>? StuffIds { get; init; }

    /// <summary>Classes re-segmented by box + point prompts; defaults to the taxonomy's thing classes.</summary>
    public IReadOnlyList<int>? ThingIds { get; init; }

    /// <summary>Minimum share of a SAM mask's labelled pixels a stuff class needs to claim the mask (strictly above).</summary>
    [Range(0.0, 1.0)] public double StuffVoteThreshold { get; init; } = 0.20;

    /// <summary>Thing components smaller than this are not prompted; a thing class needs more than this many pixels in the image.</summary>
    [Range(1, int.MaxValue)] public int MinComponentPixels { get; init; } = 10;

    /// <summary>How far the component's minimum-area rectangle is expanded into the box prompt (area·ratio/perimeter).</summary>
    [Range(0.0, 100.0)] public double UnclipRatio { get; init; } = Unclip.DefaultRatio;

    /// <summary>Window radius of the purity (local label entropy) map the point prompts are chosen from.</summary>
    [Range(0, 256)] public int PurityRadius { get; init; } = SpatialPurity.DefaultRadius;

    /// <summary>Thing prompts decoded per SAM decoder call (memory, not results).</summary>
    [Range(1, 4096)] public int PromptBatchSize { get; init; } = 64;

    /// <summary>The automatic mask generator whose masks vote on stuff classes.</summary>
    public PsaMaskGeneratorOptions MaskGenerator { get; init; } = new();

    /// <summary>The weight-free proposer's parameters (used with <c>proposer: "felzenszwalb"</c>).</summary>
    public PsaFelzenszwalbOptions Felzenszwalb { get; init; } = new();

    /// <summary><c>reference</c>: the reference output pixel for pixel, its quirks included (spec psa §8).</summary>
    public PsaCompatibility Compatibility { get; init; } = PsaCompatibility.Reference;

    /// <summary>Reference quirks to fix, each on its own (all off by default = the reference output).</summary>
    public PsaFixes Fixes { get; init; } = new();

    /// <summary>The aggregator's parameters these options and <paramref name="taxonomy"/> give (stuff and thing classes default to the taxonomy's).</summary>
    public AggregationSettings ToAggregationSettings(Taxonomy taxonomy)
    {
        ArgumentNullException.ThrowIfNull(taxonomy);
        return new AggregationSettings
        {
            NumClasses = taxonomy.Count,
            StuffIds = StuffIds ?? taxonomy.StuffIds,
            ThingIds = ThingIds ?? taxonomy.ThingIds,
            StuffVoteThreshold = StuffVoteThreshold,
            MinComponentPixels = MinComponentPixels,
            UnclipRatio = UnclipRatio,
            PurityRadius = PurityRadius,
            Compatibility = Compatibility,
            Fixes = Fixes,
        };
    }

    /// <summary>
    /// Checks what the stage would otherwise refuse only when it runs: the variant names output folders, so it
    /// must be a safe name, and without <see cref="VariantConfig"/> the SAM proposer needs an official variant.
    /// </summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!PathPolicy.IsSafeName(Variant))
        {
            yield return new ValidationResult(
                $"The variant '{PathPolicy.Excerpt(Variant)}' names the output folders, so it must be {PathPolicy.SafeNameRule}.", [nameof(Variant)]);
        }
        else if (Proposer == PsaProposer.Sam && VariantConfig is null && !SamVariant.IsOfficialName(Variant))
        {
            yield return new ValidationResult(
                $"Unknown SAM variant '{Variant}'; expected vit_b, vit_l, vit_h or default (or a variantConfig file).", [nameof(Variant)]);
        }
    }
}
