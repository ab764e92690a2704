using SeCo.Plugins.Psa.MaskGeneration;
using static TorchSharp.torch;

namespace Psa.Sam.Tests.MaskGeneration;

public sealed class SpecOracleTests
{
    [Fact]
    public void Crop_boxes_of_a_512_by_1024_image_with_two_layers_match_the_spec()
    {
        var boxes = CropBoxes.Generate(512, 1024, 2, 512.0 / 1500.0);

        boxes.Should().HaveCount(1 + 4 + 16);
        boxes[0].Should().Be(new CropBox(0, 0, 1024, 512, 0));
        boxes.Skip(1).Take(4).Should().Equal(
            new CropBox(0, 0, 599, 343, 1), new CropBox(0, 169, 599, 512, 1), new CropBox(425, 0, 1024, 343, 1), new CropBox(425, 169, 1024, 512, 1));
        boxes.Skip(5).Take(5).Should().Equal(
            new CropBox(0, 0, 322, 194, 2), new CropBox(0, 107, 322, 301, 2), new CropBox(0, 214, 322, 408, 2), new CropBox(0, 321, 322, 512, 2), new CropBox(235, 0, 557, 194, 2));
        boxes[^1].Should().Be(new CropBox(705, 321, 1024, 512, 2));
    }

    [Fact]
    public void Layer_grids_shrink_by_the_downscale_factor()
    {
        var grids = PointGrid.BuildAllLayers(32, 2, 2);

        grids.Select(g => g.Length / 2).Should().Equal(1024, 256, 64);
        grids[0][..4].Should().Equal(0.015625, 0.015625, 0.046875, 0.015625);
        grids[0][64..66].Should().Equal(0.015625, 0.046875);
        grids[0][^2..].Should().Equal(0.984375, 0.984375);
    }

    [Fact]
    public void Stability_score_counts_strictly_above_both_thresholds()
    {
        using var logits = tensor(new float[] { -2, -0.5f, 0.5f, 1.5f, 0.9f, -1.0f, 2.0f, 1.0f, -0.99f }).view(1, 3, 3);

        using var score = StabilityScore.Calculate(logits, 0.0, 1.0);

        score.data<float>()[0].Should().BeApproximately(2f / 7f, 1e-6f);
    }

    [Fact]
    public void Nms_keeps_every_empty_box_because_their_iou_is_nan()
    {
        var boxes = new float[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 10 };
        var scores = new float[] { 0.5f, 0.9f, 0.7f };

        BoxNms.Run(boxes, scores, 0.7).Should().Equal(1, 2, 0);
    }
}
