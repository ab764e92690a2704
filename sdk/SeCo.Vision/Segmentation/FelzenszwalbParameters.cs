namespace SeCo.Vision.Segmentation;

/// <summary>
/// The parameters of <see cref="FelzenszwalbSegmentation"/>, named and defaulted as scikit-image's
/// <c>felzenszwalb(image, scale=1, sigma=0.8, min_size=20)</c>.
/// </summary>
public sealed record FelzenszwalbParameters
{
    /// <summary>Observation scale: larger values give larger segments (the merge threshold is <c>scale / 255 / size</c>).</summary>
    public double Scale { get; init; } = 1.0;

    /// <summary>Standard deviation of the Gaussian that smooths each channel first (0 = no smoothing).</summary>
    public double Sigma { get; init; } = 0.8;

    /// <summary>Segments smaller than this many pixels are merged into a neighbour after the main pass.</summary>
    public int MinSize { get; init; } = 20;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for values the algorithm cannot use.</summary>
    public void Validate()
    {
        if (!(Scale >= 0) || double.IsInfinity(Scale))
        {
            throw new ArgumentOutOfRangeException(nameof(Scale), Scale, "The scale must be a finite number ≥ 0.");
        }

        if (!(Sigma >= 0) || double.IsInfinity(Sigma))
        {
            throw new ArgumentOutOfRangeException(nameof(Sigma), Sigma, "Sigma must be a finite number ≥ 0.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MinSize);
    }
}
