namespace SeCo.Plugins.Scc.Noise;

/// <summary>
/// EM settings of <see cref="TwoComponentGaussianMixture"/>, named as scikit-learn's <c>GaussianMixture</c> names them.
/// </summary>
/// <param name="MaxIterations"><c>max_iter</c>: EM iterations at most.</param>
/// <param name="Tolerance"><c>tol</c>: EM stops when the mean log-likelihood changes by less than this.</param>
/// <param name="RegularizationCovariance"><c>reg_covar</c>: added to every variance, so none is zero.</param>
public sealed record GaussianMixtureSettings(int MaxIterations, double Tolerance, double RegularizationCovariance)
{
    /// <summary>BETA's and DivideMix's settings, the spec's defaults for SCC-LD: 10 iterations, tol 1e-2, reg_covar 5e-4.</summary>
    public static GaussianMixtureSettings BetaDivideMix { get; } = new(10, 1e-2, 5e-4);

    /// <summary>scikit-learn's defaults: 100 iterations, tol 1e-3, reg_covar 1e-6.</summary>
    public static GaussianMixtureSettings ScikitLearnDefaults { get; } = new(100, 1e-3, 1e-6);

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">MaxIterations &lt; 1, a negative or non-finite tolerance, or a regularisation that is not positive and finite.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIterations, 1, nameof(MaxIterations));
        if (!double.IsFinite(Tolerance) || Tolerance < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "Expected a finite tolerance >= 0.");
        }

        if (!double.IsFinite(RegularizationCovariance) || RegularizationCovariance <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RegularizationCovariance), RegularizationCovariance, "Expected a finite regularisation > 0.");
        }
    }
}
