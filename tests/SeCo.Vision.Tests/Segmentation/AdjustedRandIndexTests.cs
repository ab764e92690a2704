namespace SeCo.Vision.Tests.Segmentation;

public sealed class AdjustedRandIndexTests
{
    [Fact]
    public void Renamed_identical_partitions_score_one()
    {
        AdjustedRandIndex.Compute([0, 0, 1, 1, 2], [5, 5, 3, 3, 9]).Should().Be(1.0);
    }

    [Fact]
    public void Score_matches_scikit_learn_on_a_small_example()
    {
        // sklearn.metrics.adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) = 0.5714285714285715 (= 4/7).
        AdjustedRandIndex.Compute([0, 0, 1, 1], [0, 0, 1, 2]).Should().BeApproximately(4.0 / 7.0, 1e-12);
    }
}
