using SeCo.Vision.LabelMaps;
using SeCo.Vision.Metrics;

namespace SeCo.Vision.Tests.Metrics;

public sealed class ConfusionMatrixTests
{
    private const double Exact = 1e-12;

    // Ground truth        Prediction
    //   0   0   1   1       0   1   1 255
    //   2 255   2   7       2   0   9   2
    // 7 is outside a 3-class taxonomy in the GT (invalid); 9 in the prediction is a stray id.
    private static readonly LabelMap s_groundTruth = new(4, 2, [0, 0, 1, 1, 2, 255, 2, 7]);
    private static readonly LabelMap s_prediction = new(4, 2, [0, 1, 1, 255, 2, 0, 9, 2]);

    [Fact]
    public void Counts_follow_the_hand_worked_example()
    {
        var matrix = new ConfusionMatrix(3);

        matrix.Add(s_groundTruth, s_prediction);

        matrix[0, 0].Should().Be(1);
        matrix[0, 1].Should().Be(1);
        matrix[1, 1].Should().Be(1);
        matrix[2, 2].Should().Be(1);
        matrix.Unlabelled(1).Should().Be(1);
        matrix.OutOfTaxonomy(2).Should().Be(1);
        matrix.IgnoredGroundTruthPixels.Should().Be(1);
        matrix.InvalidGroundTruthPixels.Should().Be(1);
        matrix.LabelledPredictionPixels.Should().Be(7);
        matrix.TotalPixels.Should().Be(8);
    }

    [Fact]
    public void Scores_follow_the_hand_worked_example()
    {
        var matrix = new ConfusionMatrix(3);
        matrix.Add(s_groundTruth, s_prediction);

        var scores = matrix.Score();

        // class 0: TP 1, GT 2, predicted 1 -> 1/2; class 1: TP 1, GT 2 (one unlabelled), predicted 2 -> 1/3;
        // class 2: TP 1, GT 2 (one stray), predicted 1 -> 1/2.
        scores.ClassIoU.Should().Equal([0.5, 1.0 / 3, 0.5], (a, b) => Math.Abs(a - b) < Exact);
        scores.MeanIoU.Should().BeApproximately((0.5 + 1.0 / 3 + 0.5) / 3, Exact);
        scores.PixelAccuracy.Should().BeApproximately(3.0 / 6, Exact);
        // Without the unlabelled pixel, class 1 has GT 1, predicted 2 -> 1/2.
        scores.LabelledClassIoU.Should().Equal([0.5, 0.5, 0.5], (a, b) => Math.Abs(a - b) < Exact);
        scores.LabelledMeanIoU.Should().BeApproximately(0.5, Exact);
        scores.LabelledPixelAccuracy.Should().BeApproximately(3.0 / 5, Exact);
        scores.Coverage.Should().BeApproximately(7.0 / 8, Exact);
        scores.ImageCount.Should().Be(1);
        scores.EvaluatedPixels.Should().Be(6);
    }

    [Fact]
    public void Classes_absent_from_ground_truth_and_prediction_are_left_out_of_the_mean()
    {
        var matrix = new ConfusionMatrix(5);
        matrix.Add(s_groundTruth, s_prediction);

        var scores = matrix.Score();

        double.IsNaN(scores.ClassIoU[3]).Should().BeTrue();
        double.IsNaN(scores.ClassIoU[4]).Should().BeTrue();
        scores.MeanIoU.Should().BeApproximately((0.5 + 1.0 / 3 + 0.5) / 3, Exact);
    }

    [Fact]
    public void A_class_only_predicted_scores_zero_and_counts_in_the_mean()
    {
        var matrix = new ConfusionMatrix(2);

        matrix.Add(new LabelMap(2, 1, [0, 0]), new LabelMap(2, 1, [0, 1]));

        var scores = matrix.Score();
        scores.ClassIoU.Should().Equal(0.5, 0.0);
        scores.MeanIoU.Should().Be(0.25);
    }

    [Fact]
    public void Accumulating_images_equals_merging_matrices()
    {
        var random = new Random(7);
        var whole = new ConfusionMatrix(4);
        var parts = new ConfusionMatrix(4);
        for (var image = 0; image < 3; image++)
        {
            var gt = RandomMap(random, 9, 5);
            var pred = RandomMap(random, 9, 5);
            whole.Add(gt, pred);
            var part = new ConfusionMatrix(4);
            part.Add(gt, pred);
            parts.Merge(part);
        }

        parts.Score().Should().BeEquivalentTo(whole.Score());
        parts.ImageCount.Should().Be(3);
    }

    [Fact]
    public void Perfect_prediction_scores_one()
    {
        var random = new Random(3);
        var map = RandomMap(random, 16, 8);
        var matrix = new ConfusionMatrix(4);

        matrix.Add(map, map.Clone());

        var scores = matrix.Score();
        scores.MeanIoU.Should().Be(1);
        scores.PixelAccuracy.Should().Be(1);
    }

    [Fact]
    public void Maps_of_different_sizes_are_refused()
    {
        var matrix = new ConfusionMatrix(3);

        var act = () => matrix.Add(new LabelMap(2, 2), new LabelMap(4, 1));

        act.Should().Throw<ArgumentException>().WithMessage("*4x1*2x2*");
    }

    private static LabelMap RandomMap(Random random, int width, int height)
    {
        var map = new LabelMap(width, height);
        for (var i = 0; i < map.Data.Length; i++)
        {
            var value = random.Next(6);
            map.Data[i] = value >= 4 ? LabelMap.Ignore : (byte)value;
        }

        return map;
    }
}
