using SeCo.Vision.Regions;

namespace SeCo.Vision.Tests.Regions;

public sealed class TrueLabelStatisticsTests
{
    [Theory]
    [InlineData(1, 1, 100.0)]
    [InlineData(7, 8, 87.5)]
    [InlineData(1, 3, 33.33)]
    [InlineData(2, 3, 66.67)]
    [InlineData(1, 32, 3.12)]
    [InlineData(3, 32, 9.38)]
    [InlineData(1, 64, 1.56)]
    public void Purity_rounds_like_numpy_half_to_even(long max, long sum, double expected)
    {
        TrueLabelStatistics.Purity(max, sum).Should().Be(expected);
    }

    [Fact]
    public void Majority_includes_255_and_ties_go_to_the_smallest_value()
    {
        byte[] labels = [3, 3, 3, 3, 5, 5];
        byte[] truth = [255, 255, 7, 7, 255, 255];
        var labeling = ConnectedComponents.LabelClasses(labels, 6, 1);

        var result = TrueLabelStatistics.Compute(labeling, truth);

        result.Should().Equal(new TrueLabel(7, 50.0, false), new TrueLabel(255, 100.0, false));
    }

    [Fact]
    public void Positive_when_the_majority_is_the_region_class()
    {
        byte[] labels = [1, 1, 1, 2];
        byte[] truth = [1, 1, 0, 0];

        var result = TrueLabelStatistics.Compute(ConnectedComponents.LabelClasses(labels, 4, 1), truth);

        result.Should().Equal(new TrueLabel(1, 66.67, true), new TrueLabel(0, 100.0, false));
    }

    [Fact]
    public void Dense_and_gathered_strategies_agree_with_a_per_region_bincount()
    {
        var random = new Random(4);
        for (var trial = 0; trial < 20; trial++)
        {
            int width = random.Next(1, 40), height = random.Next(1, 40);
            var map = ReferenceLabeling.RandomMap(random, width, height, classes: 4, ignoreShare: 0.1);
            var truth = ReferenceLabeling.RandomMap(random, width, height, classes: 3, ignoreShare: 0.3);
            var labeling = ConnectedComponents.LabelClasses(map, width, height);

            var expected = new TrueLabel[labeling.Count];
            for (var r = 0; r < labeling.Count; r++)
            {
                var counts = new long[256];
                for (var p = 0; p < map.Length; p++)
                {
                    if (labeling.RegionIndex[p] == r)
                    {
                        counts[truth[p]]++;
                    }
                }

                var id = Array.IndexOf(counts, counts.Max());
                expected[r] = new TrueLabel(id, Math.Round(counts[id] / (double)counts.Sum() * 100 * 100) / 100, id == labeling.Regions[r].Class);
            }

            TrueLabelStatistics.Compute(labeling, truth, dense: true).Should().Equal(expected);
            TrueLabelStatistics.Compute(labeling, truth, dense: false).Should().Equal(expected);
        }
    }

    [Fact]
    public void Ground_truth_must_have_the_labelling_size()
    {
        var labeling = ConnectedComponents.LabelClasses([0, 1], 2, 1);

        var act = () => TrueLabelStatistics.Compute(labeling, new byte[3]);

        act.Should().Throw<ArgumentException>();
    }
}
