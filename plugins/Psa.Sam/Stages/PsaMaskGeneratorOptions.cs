using System.ComponentModel.DataAnnotations;
using SeCo.Plugins.Psa.MaskGeneration;

namespace SeCo.Plugins.Psa.Stages;

/// <summary>
/// The automatic mask generator of <see cref="PsaStage"/>: the one declaration of these options' ranges and docs. The
/// defaults are the reference's (SAM's own, which SeCo PSA uses unchanged), taken from
/// <see cref="AutomaticMaskGeneratorOptions"/> so the numbers are written once.
/// </summary>
public sealed record PsaMaskGeneratorOptions
{
    private static readonly AutomaticMaskGeneratorOptions s_reference = new();

    /// <summary>Grid points per image side; the generator prompts SAM with <c>pointsPerSide²</c> points.</summary>
    [Range(1, 256)] public int PointsPerSide { get; init; } = s_reference.PointsPerSide!.Value;

    /// <summary>Grid points decoded per batch (memory, not results).</summary>
    [Range(1, 4096)] public int PointsPerBatch { get; init; } = s_reference.PointsPerBatch;

    /// <summary>Masks whose predicted IoU is not above this are dropped.</summary>
    [Range(0.0, 1.0)] public double PredIouThresh { get; init; } = s_reference.PredIouThresh;

    /// <summary>Masks whose stability score is below this are dropped.</summary>
    [Range(0.0, 1.0)] public double StabilityScoreThresh { get; init; } = s_reference.StabilityScoreThresh;

    /// <summary>Logit offset of the stability score.</summary>
    [Range(0.0, 100.0)] public double StabilityScoreOffset { get; init; } = s_reference.StabilityScoreOffset;

    /// <summary>Box IoU above which a lower-scored duplicate mask is removed.</summary>
    [Range(0.0, 1.0)] public double BoxNmsThresh { get; init; } = s_reference.BoxNmsThresh;

    /// <summary>Extra layers of image crops (0 = the whole image only, as the reference).</summary>
    [Range(0, 4)] public int CropNLayers { get; init; }

    /// <summary>Holes and islands smaller than this many pixels are removed from masks (0 = off).</summary>
    [Range(0, int.MaxValue)] public int MinMaskRegionArea { get; init; }

    /// <summary>The generator options these values describe.</summary>
    public AutomaticMaskGeneratorOptions ToGeneratorOptions() => new()
    {
        PointsPerSide = PointsPerSide,
        PointsPerBatch = PointsPerBatch,
        PredIouThresh = PredIouThresh,
        StabilityScoreThresh = StabilityScoreThresh,
        StabilityScoreOffset = StabilityScoreOffset,
        BoxNmsThresh = BoxNmsThresh,
        CropNLayers = CropNLayers,
        MinMaskRegionArea = MinMaskRegionArea,
        OutputMode = MaskOutputMode.BinaryMask,
    };
}
