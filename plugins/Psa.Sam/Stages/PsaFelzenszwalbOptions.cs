using System.ComponentModel.DataAnnotations;
using SeCo.Vision.Segmentation;

namespace SeCo.Plugins.Psa.Stages;

/// <summary>
/// The weight-free proposer of <see cref="PsaStage"/> (<c>proposer: "felzenszwalb"</c>). Defaults were tuned on the
/// demo data (<c>sources.synthetic</c>, 24 images 256×512) for the mIoU of the aggregated labels; see the README.
/// </summary>
public sealed record PsaFelzenszwalbOptions
{
    /// <summary>Observation scale of the segmentation (larger = larger segments).</summary>
    [Range(0.0, 1e6)] public double Scale { get; init; } = 100;

    /// <summary>Gaussian smoothing before segmentation (pixels).</summary>
    [Range(0.0, 20.0)] public double Sigma { get; init; } = 0.5;

    /// <summary>Segments smaller than this are merged into a neighbour.</summary>
    [Range(0, 1_000_000)] public int MinSize { get; init; } = 20;

    /// <summary>Share of a segment's pixels that must lie inside a thing box for the segment to join the thing mask.</summary>
    [Range(0.0, 1.0)] public double ThingInsideShare { get; init; } = 0.5;

    /// <summary>Share of a segment's labelled pixels the thing class needs for a segment without a prompt point to join (strict).</summary>
    [Range(0.0, 1.0)] public double ThingClassShare { get; init; } = 0.3;

    /// <summary>The segmentation parameters these options describe.</summary>
    public FelzenszwalbParameters ToParameters() => new() { Scale = Scale, Sigma = Sigma, MinSize = MinSize };
}
