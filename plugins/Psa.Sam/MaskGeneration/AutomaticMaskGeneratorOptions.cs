using System.ComponentModel.DataAnnotations;

namespace SeCo.Plugins.Psa.MaskGeneration;

/// <summary>
/// Options of <see cref="AutomaticMaskGenerator"/>; the defaults are the reference <c>SamAutomaticMaskGenerator</c>'s.
/// The values a pipeline sets are checked where they are declared as stage options
/// (<c>SeCo.Plugins.Psa.Stages.PsaMaskGeneratorOptions</c>, which takes its defaults from here).
/// </summary>
public sealed record AutomaticMaskGeneratorOptions
{
    /// <summary>Grid points along one side of the image (layer 0); null when <see cref="PointGrids"/> is given.</summary>
    public int? PointsPerSide { get; init; } = 32;

    /// <summary>Points decoded together in one batched decoder call.</summary>
    public int PointsPerBatch { get; init; } = 64;

    /// <summary>Keep masks whose predicted IoU is above this (strict); 0 disables the filter.</summary>
    public double PredIouThresh { get; init; } = 0.88;

    /// <summary>Keep masks whose stability score is at least this; 0 disables the filter.</summary>
    public double StabilityScoreThresh { get; init; } = 0.95;

    /// <summary>Logit offset of the stability score's two thresholds.</summary>
    public double StabilityScoreOffset { get; init; } = 1.0;

    /// <summary>Box IoU above which box NMS suppresses a mask within a crop.</summary>
    public double BoxNmsThresh { get; init; } = 0.7;

    /// <summary>Number of crop layers beyond the whole image (layer i has 4^i crops).</summary>
    public int CropNLayers { get; init; }

    /// <summary>Box IoU above which NMS across crops suppresses a mask (smaller crops win).</summary>
    [Range(0.0, 1.0)]
    public double CropNmsThresh { get; init; } = 0.7;

    /// <summary>Overlap of neighbouring crops as a share of the short image side (at layer 1).</summary>
    [Range(0.0, 1.0)]
    public double CropOverlapRatio { get; init; } = 512.0 / 1500.0;

    /// <summary>Points per side of layer i are divided by this to the power i.</summary>
    [Range(1, 64)]
    public int CropNPointsDownscaleFactor { get; init; } = 1;

    /// <summary>
    /// Explicit point grids per crop layer, each a flat list of (x, y) pairs normalised to [0, 1]; exclusive with
    /// <see cref="PointsPerSide"/>.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<double>>? PointGrids { get; init; }

    /// <summary>If above 0, fill holes and drop islands smaller than this many pixels, then re-run NMS.</summary>
    public int MinMaskRegionArea { get; init; }

    /// <summary>Form of each record's segmentation.</summary>
    public MaskOutputMode OutputMode { get; init; } = MaskOutputMode.BinaryMask;
}
