using SeCo.Plugins.Adapt.UniMatch.Optimization;

namespace Adapt.UniMatch.Tests.Optimization;

/// <summary>Spec unimatch.md §7: poly LR with lr0 = 0.005 and 1000 iterations.</summary>
public sealed class PolyLearningRateTests
{
    /// <summary>The spec quotes eight significant digits (five for the last value).</summary>
    private const double SpecPrecision = 5e-11;

    [Theory]
    [InlineData(0, 0.005)]
    [InlineData(1, 0.0049954998)]
    [InlineData(500, 0.0026794337)]
    [InlineData(999, 9.9763e-06)]
    public void Poly_schedule_matches_the_spec_oracle(long iteration, double expected)
    {
        PolyLearningRate.At(0.005, iteration, 1000).Should().BeApproximately(expected, SpecPrecision);
    }

    [Fact]
    public void Epoch_one_starts_at_the_logged_rate()
    {
        // SeCo's GTA->Cityscapes log: 240 epochs, ~236 iterations each; epoch 1 runs at the value set after iteration L - 1.
        const long perEpoch = 236;
        PolyLearningRate.At(0.005, perEpoch - 1, perEpoch * 240).Should().BeApproximately(0.00498, 5e-6);
    }

    [Fact]
    public void Iterations_outside_the_schedule_are_rejected()
    {
        var beyond = () => PolyLearningRate.At(0.005, 1001, 1000);

        beyond.Should().Throw<ArgumentOutOfRangeException>();
    }
}
