using SeCo.Plugins.Scc.Thresholds;

namespace SeCo.Plugins.Scc.Noise;

/// <summary>
/// A two-component 1-D Gaussian mixture fitted by EM in float64, transcribing scikit-learn 1.2.1's
/// <c>GaussianMixture(n_components=2, covariance_type='full')</c> (spec <c>scc-ld.md</c> §4.3): <c>reg_covar</c> added
/// to the variances, weights from the responsibilities, the mean log-likelihood of each E-step as the lower bound,
/// convergence when it changes by less than <c>tol</c>, and a final E-step with the fitted parameters for the
/// posteriors. The one deviation is the start: the exact 2-means split (<see cref="TwoMeansSplit"/>) instead of a
/// randomly seeded k-means, so a fit is deterministic. Component 0 starts on the low values, 1 on the high ones.
/// </summary>
public sealed class TwoComponentGaussianMixture
{
    private static readonly double s_log2Pi = Math.Log(2 * Math.PI);

    /// <summary>scikit-learn adds <c>10 · eps</c> (float64 machine epsilon) to every component's responsibility sum.</summary>
    private const double ResponsibilityFloor = 10 * 2.220446049250313e-16;

    private readonly double[] _weights;
    private readonly double[] _means;
    private readonly double[] _variances;

    private TwoComponentGaussianMixture(double[] weights, double[] means, double[] variances, int iterations, bool converged, double lowerBound)
    {
        _weights = weights;
        _means = means;
        _variances = variances;
        Iterations = iterations;
        Converged = converged;
        LowerBound = lowerBound;
    }

    /// <summary>Mixing weights <c>weights_</c> (sum 1).</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>Component means <c>means_</c>.</summary>
    public IReadOnlyList<double> Means => _means;

    /// <summary>Component variances <c>covariances_</c> (with <c>reg_covar</c> included).</summary>
    public IReadOnlyList<double> Variances => _variances;

    /// <summary>EM iterations run (<c>n_iter_</c>).</summary>
    public int Iterations { get; }

    /// <summary>Whether the lower bound changed by less than the tolerance before <c>max_iter</c> (<c>converged_</c>).</summary>
    public bool Converged { get; }

    /// <summary>The mean log-likelihood of the last E-step (<c>lower_bound_</c>).</summary>
    public double LowerBound { get; }

    /// <summary>Fits the mixture to <paramref name="x"/>.</summary>
    /// <exception cref="ArgumentException">Fewer than two distinct values, or a value that is NaN or infinite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Invalid <paramref name="settings"/>.</exception>
    public static TwoComponentGaussianMixture Fit(ReadOnlySpan<double> x, GaussianMixtureSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        foreach (var v in x)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException($"Cannot fit a Gaussian mixture to {v}; expected finite values.", nameof(x));
            }
        }

        var n = x.Length;
        var labels = TwoMeansSplit.Labels(x);
        var resp0 = new double[n];
        var resp1 = new double[n];
        for (var i = 0; i < n; i++)
        {
            resp0[i] = labels[i] == 0 ? 1 : 0;
            resp1[i] = 1 - resp0[i];
        }

        var weights = new double[2];
        var means = new double[2];
        var variances = new double[2];
        EstimateParameters(x, resp0, resp1, settings.RegularizationCovariance, weights, means, variances);
        // _initialize divides the responsibility sums by n_samples; later M-steps by their sum.
        weights[0] /= n;
        weights[1] /= n;

        var logProbNorm = new double[n];
        var lowerBound = double.NegativeInfinity;
        var converged = false;
        int iteration;
        for (iteration = 1; iteration <= settings.MaxIterations; iteration++)
        {
            var previous = lowerBound;
            EStep(x, weights, means, variances, resp0, resp1, logProbNorm);
            lowerBound = NumpyMean.Of(logProbNorm);
            EstimateParameters(x, resp0, resp1, settings.RegularizationCovariance, weights, means, variances);
            var sum = weights[0] + weights[1];
            weights[0] /= sum;
            weights[1] /= sum;
            if (Math.Abs(lowerBound - previous) < settings.Tolerance)
            {
                converged = true;
                break;
            }
        }

        return new TwoComponentGaussianMixture(weights, means, variances, Math.Min(iteration, settings.MaxIterations), converged, lowerBound);
    }

    /// <summary>The index of the component with the larger mean (the "noisy" one of SCC-LD); null when the means are equal.</summary>
    public int? LargerMeanComponent => _means[0] == _means[1] ? null : _means[1] > _means[0] ? 1 : 0;

    /// <summary>
    /// The posterior probability of <paramref name="component"/> for each value (<c>predict_proba[:, component]</c>),
    /// computed with the fitted parameters.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="component"/> is not 0 or 1.</exception>
    public double[] Posterior(ReadOnlySpan<double> x, int component)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(component);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(component, 1);
        var resp0 = new double[x.Length];
        var resp1 = new double[x.Length];
        EStep(x, _weights, _means, _variances, resp0, resp1, new double[x.Length]);
        return component == 0 ? resp0 : resp1;
    }

    /// <summary>
    /// The values where the posterior of <paramref name="component"/> equals <paramref name="probability"/>, ascending
    /// (0, 1 or 2 of them: the log-odds of the two components is quadratic in x). SCC-LD draws its τ_ns on the loss
    /// axis with these.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="component"/> is not 0 or 1, or <paramref name="probability"/> is not inside (0, 1).</exception>
    public double[] PosteriorCrossings(int component, double probability)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(component);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(component, 1);
        if (!(probability > 0 && probability < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "Expected a probability inside (0, 1).");
        }

        var other = 1 - component;
        double vc = _variances[component], vo = _variances[other], mc = _means[component], mo = _means[other];
        // log(π_c N_c(x)) − log(π_o N_o(x)) − logit(p) = a x² + b x + c.
        var a = (-0.5 / vc) + (0.5 / vo);
        var b = (mc / vc) - (mo / vo);
        var c = Math.Log(_weights[component]) - Math.Log(_weights[other]) - (0.5 * Math.Log(vc)) + (0.5 * Math.Log(vo))
            - (mc * mc / (2 * vc)) + (mo * mo / (2 * vo)) - Math.Log(probability / (1 - probability));
        if (Math.Abs(a) <= 1e-12 * Math.Max(Math.Abs(b), 1))
        {
            return b == 0 ? [] : [-c / b];
        }

        var discriminant = (b * b) - (4 * a * c);
        if (discriminant < 0)
        {
            return [];
        }

        // The numerically stable pair of roots.
        var q = -0.5 * (b + (Math.Sign(b == 0 ? 1 : b) * Math.Sqrt(discriminant)));
        double r1 = q / a, r2 = q == 0 ? r1 : c / q;
        return r1 == r2 ? [r1] : [Math.Min(r1, r2), Math.Max(r1, r2)];
    }

    /// <summary>
    /// The weighted log-density <c>log π_k + log N(x; μ_k, σ²_k)</c> as scikit-learn computes it through the
    /// Cholesky factor of the precision (<c>_estimate_log_gaussian_prob</c>, 1-D).
    /// </summary>
    private static double WeightedLogDensity(double x, double weight, double mean, double variance)
    {
        var precisionCholesky = 1.0 / Math.Sqrt(variance);
        var y = (x * precisionCholesky) - (mean * precisionCholesky);
        return (-0.5 * (s_log2Pi + (y * y))) + Math.Log(precisionCholesky) + Math.Log(weight);
    }

    /// <summary>Writes the responsibilities (exp of <c>log_resp</c>) and each value's log-normaliser (<c>log_prob_norm</c>).</summary>
    private static void EStep(ReadOnlySpan<double> x, double[] weights, double[] means, double[] variances, double[] resp0, double[] resp1, double[] logProbNorm)
    {
        for (var i = 0; i < x.Length; i++)
        {
            var a = WeightedLogDensity(x[i], weights[0], means[0], variances[0]);
            var b = WeightedLogDensity(x[i], weights[1], means[1], variances[1]);
            var max = Math.Max(a, b);
            var norm = Math.Log(Math.Exp(a - max) + Math.Exp(b - max)) + max;
            logProbNorm[i] = norm;
            resp0[i] = Math.Exp(a - norm);
            resp1[i] = Math.Exp(b - norm);
        }
    }

    /// <summary><c>_estimate_gaussian_parameters</c> for 1-D data: responsibility sums (unnormalised weights), means, variances.</summary>
    private static void EstimateParameters(ReadOnlySpan<double> x, double[] resp0, double[] resp1, double regularization, double[] sums, double[] means, double[] variances)
    {
        Component(x, resp0, regularization, out sums[0], out means[0], out variances[0]);
        Component(x, resp1, regularization, out sums[1], out means[1], out variances[1]);
    }

    private static void Component(ReadOnlySpan<double> x, double[] resp, double regularization, out double nk, out double mean, out double variance)
    {
        nk = 0;
        var weighted = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            nk += resp[i];
            weighted += resp[i] * x[i];
        }

        nk += ResponsibilityFloor;
        mean = weighted / nk;
        var spread = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            var d = x[i] - mean;
            spread += resp[i] * d * d;
        }

        variance = (spread / nk) + regularization;
    }
}
