using SeCo.Plugins.Scc.Noise;

namespace Scc.Tests.Noise;

/// <summary>The edge cases of spec <c>scc-ld.md</c> §4.4 and the small cases of §4.6.</summary>
public sealed class LossNoiseModelTests
{
    private static readonly GaussianMixtureSettings s_settings = GaussianMixtureSettings.BetaDivideMix;

    [Fact]
    public void No_regions_give_no_fit_and_no_probabilities()
    {
        var estimate = LossNoiseModel.Estimate([], s_settings);

        estimate.Fallback.Should().Be(NoiseFallback.NoRegions);
        estimate.NoiseProbabilities.Should().BeEmpty();
        estimate.Mixture.Should().BeNull();
    }

    [Fact]
    public void One_region_is_clean_without_a_fit()
    {
        var estimate = LossNoiseModel.Estimate([2.5], s_settings);

        estimate.Fallback.Should().Be(NoiseFallback.OneRegion);
        estimate.NoiseProbabilities.Should().Equal(0.0);
        (estimate.LossMin, estimate.LossMax).Should().Be((2.5, 2.5));
        estimate.Mixture.Should().BeNull();
    }

    [Fact]
    public void Equal_losses_are_all_clean_without_a_fit()
    {
        var estimate = LossNoiseModel.Estimate([0.5, 0.5, 0.5], s_settings);

        estimate.Fallback.Should().Be(NoiseFallback.EqualLosses);
        estimate.NoiseProbabilities.Should().Equal(0.0, 0.0, 0.0);
        estimate.NormalizedLosses.Should().Equal(0.0, 0.0, 0.0);
    }

    [Fact]
    public void Two_regions_split_into_a_clean_and_a_noisy_spike()
    {
        var estimate = LossNoiseModel.Estimate([0.1, 2.0], s_settings);

        estimate.Fallback.Should().Be(NoiseFallback.None);
        estimate.NoiseProbabilities[0].Should().BeApproximately(0, 1e-12);
        estimate.NoiseProbabilities[1].Should().BeApproximately(1, 1e-12);
        estimate.Mixture!.Variances.Should().OnlyContain(v => v >= s_settings.RegularizationCovariance, "reg_covar keeps a one-point component's variance positive");
    }

    [Fact]
    public void Losses_are_min_max_normalised_globally_in_input_order()
    {
        var estimate = LossNoiseModel.Estimate([3.0, 1.0, 2.0, 1.5], s_settings);

        estimate.NormalizedLosses.Should().Equal(1.0, 0.0, 0.5, 0.25);
        (estimate.LossMin, estimate.LossMax).Should().Be((1.0, 3.0));
    }

    [Fact]
    public void Negative_rounding_losses_count_as_zero()
    {
        var clamped = LossNoiseModel.Estimate([-1e-7, 0.0, 1.0, 1.1, 0.05], s_settings);
        var zero = LossNoiseModel.Estimate([0.0, 0.0, 1.0, 1.1, 0.05], s_settings);

        clamped.NoiseProbabilities.Should().Equal(zero.NoiseProbabilities);
        clamped.LossMin.Should().Be(0);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Non_finite_losses_are_rejected(double bad)
    {
        var act = () => LossNoiseModel.Estimate([0.1, bad, 0.3], s_settings);

        act.Should().Throw<ArgumentException>().WithMessage("*Loss 1*finite*");
    }

    [Fact]
    public void Invalid_settings_are_rejected()
    {
        var act = () => LossNoiseModel.Estimate([0.1, 0.2], new GaussianMixtureSettings(0, 1e-2, 5e-4));
        var noRegularisation = () => LossNoiseModel.Estimate([0.1, 0.2], new GaussianMixtureSettings(10, 1e-2, 0));

        act.Should().Throw<ArgumentOutOfRangeException>();
        noRegularisation.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Spec_vector_starts_from_the_exact_two_means_split_and_converges_after_four_iterations()
    {
        // Spec §4.6: the 1.10 region starts in the low cluster.
        double[] losses = [0.02, 0.05, 0.07, 0.10, 0.12, 0.15, 0.20, 0.30, 1.10, 1.60, 2.00, 2.40, 3.00, 0.04, 0.09];
        var normalized = losses.Select(l => (l - 0.02) / (3.00 - 0.02)).ToArray();

        TwoMeansSplit.Labels(normalized).Should().Equal(0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0);
        var estimate = LossNoiseModel.Estimate(losses, s_settings);
        estimate.Mixture!.Iterations.Should().Be(4);
        estimate.Mixture.Converged.Should().BeTrue();
        estimate.NoisyComponent.Should().Be(1, "component 1 starts on the high losses and keeps the larger mean");
        estimate.NoiseProbabilities[0].Should().BeApproximately(0.001388, 5e-7);
        estimate.NoiseProbabilities[8].Should().BeApproximately(1.0, 5e-7);
    }

    [Fact]
    public void Two_means_split_breaks_equal_sums_towards_the_first_cut_and_never_splits_equal_values()
    {
        // [0, 1, 2]: cuts after 0 and after 1 both give SSE 0.5; the first wins.
        TwoMeansSplit.Labels([2.0, 0.0, 1.0]).Should().Equal(1, 0, 1);
        // Equal values stay together: [0, 0, 1, 1, 1] can only be cut between the zeros and the ones.
        TwoMeansSplit.Labels([1.0, 0.0, 1.0, 0.0, 1.0]).Should().Equal(1, 0, 1, 0, 1);
    }

    [Fact]
    public void Posterior_crossings_are_where_the_noise_probability_equals_the_threshold()
    {
        double[] losses = [0.02, 0.05, 0.07, 0.10, 0.12, 0.15, 0.20, 0.30, 1.10, 1.60, 2.00, 2.40, 3.00, 0.04, 0.09];
        var estimate = LossNoiseModel.Estimate(losses, s_settings);
        var mixture = estimate.Mixture!;

        var crossings = mixture.PosteriorCrossings(estimate.NoisyComponent!.Value, 0.6);

        crossings.Should().NotBeEmpty();
        mixture.Posterior(crossings, estimate.NoisyComponent.Value).Should().OnlyContain(p => Math.Abs(p - 0.6) < 1e-9);
        crossings.Should().Contain(x => x > 0 && x < 1, "between the clean and the noisy mode");
    }
}
