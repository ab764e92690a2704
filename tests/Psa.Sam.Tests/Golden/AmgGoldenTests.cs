using SeCo.Plugins.Psa.MaskGeneration;
using SeCo.Plugins.Psa.Modeling;
using SeCo.Plugins.Psa.Prompting;
using SeCo.Testing;
using SeCo.Vision.Imaging;
using SeCo.Vision.Rle;

namespace Psa.Sam.Tests.Golden;

public sealed class AmgGoldenTests
{
    /// <summary>README: iou_predictions atol 1e-3 for tiny (DetFill) and ViT-B; stability within the same tolerance.</summary>
    private const double DetFillScoreTolerance = 1e-3;

    /// <summary>README: iou_predictions atol 1e-5 for tiny_rand.</summary>
    private const double TinyRandScoreTolerance = 1e-5;

    /// <summary>
    /// README: tiny_rand masks allow at most 0.2% mismatching pixels (0.14% of its upsampled logits lie within 1e-4
    /// of 0, so float32 summation order flips single pixels); DetFill masks, areas, boxes and RLEs are exact.
    /// </summary>
    private const double TinyRandMaskMismatchShare = 0.002;

    [Theory]
    [InlineData("tiny_default")]
    [InlineData("tiny_lowthr")]
    [InlineData("tiny_crop1_minarea")]
    [InlineData("tiny_rand_lowthr")]
    [InlineData("tiny_rand_crop1_minarea")]
    public void Tiny_automatic_masks_match_reference_run(string run)
    {
        var golden = AmgRun.Read(run);
        using var model = TinySam.For(golden.Model);

        if (golden.Model == "tiny_rand")
        {
            ShouldMatch(golden, model, TinyRandScoreTolerance, TinyRandMaskMismatchShare);
        }
        else
        {
            ShouldMatch(golden, model, DetFillScoreTolerance, maskMismatchShare: 0);
        }
    }

    [Theory]
    [InlineData("tiny_lowthr")]
    [InlineData("tiny_rand_lowthr")]
    [InlineData("tiny_rand_crop1_minarea")]
    public void Masks_from_an_embedding_the_caller_computed_match_reference_run(string run)
    {
        var golden = AmgRun.Read(run);
        using var model = TinySam.For(golden.Model);

        if (golden.Model == "tiny_rand")
        {
            ShouldMatch(golden, model, TinyRandScoreTolerance, TinyRandMaskMismatchShare, callerEncodes: true);
        }
        else
        {
            ShouldMatch(golden, model, DetFillScoreTolerance, maskMismatchShare: 0, callerEncodes: true);
        }
    }

    [Theory]
    [Trait("Category", "Slow")]
    [InlineData("vit_b_default_pps8")]
    [InlineData("vit_b_lowthr")]
    [InlineData("vit_b_default")]
    public void Vit_b_automatic_masks_match_reference_run(string run)
    {
        var golden = AmgRun.Read(run);
        using var model = new SamModel(SamVariant.VitB);
        DetFill.Apply(model);

        ShouldMatch(golden, model, DetFillScoreTolerance, maskMismatchShare: 0);
    }

    [Fact]
    public void Output_modes_carry_the_same_masks()
    {
        using var model = TinySam.Random();
        var image = RgbImageIO.Read(GoldenData.PathOf("sam", "test_image.png"));
        var options = AmgRun.Read("tiny_rand_lowthr").Options;

        using var binary = new AutomaticMaskGenerator(model, options with { OutputMode = MaskOutputMode.BinaryMask });
        using var coco = new AutomaticMaskGenerator(model, options with { OutputMode = MaskOutputMode.CocoRle });
        var binaryRecords = binary.Generate(image);
        var cocoRecords = coco.Generate(image);

        binaryRecords.Should().NotBeEmpty();
        cocoRecords.Should().HaveSameCount(binaryRecords);
        for (var i = 0; i < binaryRecords.Count; i++)
        {
            binaryRecords[i].Mask.Should().Equal(binaryRecords[i].Rle.Decode());
            binaryRecords[i].Mask!.Count(b => b != 0).Should().Be((int)binaryRecords[i].Area);
            cocoRecords[i].CompressedCounts.Should().Be(binaryRecords[i].Rle.ToString());
        }
    }

    private static void ShouldMatch(AmgRun golden, SamModel model, double scoreTolerance, double maskMismatchShare, bool callerEncodes = false)
    {
        var image = RgbImageIO.Read(GoldenData.PathOf("sam", "test_image.png"));
        using var generator = new AutomaticMaskGenerator(model, golden.Options);
        using var predictor = new SamPredictor(model);
        if (callerEncodes)
        {
            predictor.SetImage(image);
        }

        var records = callerEncodes ? generator.Generate(image, predictor) : generator.Generate(image);
        if (callerEncodes)
        {
            predictor.IsImageSet.Should().BeTrue("the caller's predictor keeps its image for the thing prompts");
        }

        records.Select(AmgRun.Key).Should().BeEquivalentTo(golden.Masks.Select(m => m.Key));
        var byKey = records.GroupBy(AmgRun.Key).ToDictionary(g => g.Key, g => g.OrderBy(r => r.PredictedIou).ToList());
        foreach (var group in golden.Masks.GroupBy(m => m.Key))
        {
            var expected = group.OrderBy(m => m.PredictedIou).ToList();
            var actual = byKey[group.Key];
            for (var i = 0; i < expected.Count; i++)
            {
                ((double)actual[i].PredictedIou).Should().BeApproximately(expected[i].PredictedIou, scoreTolerance);
                ((double)actual[i].StabilityScore).Should().BeApproximately(expected[i].StabilityScore, scoreTolerance);
                if (maskMismatchShare == 0)
                {
                    actual[i].Bbox.Should().Be(expected[i].Bbox, because: group.Key);
                    actual[i].Area.Should().Be(expected[i].Area, because: group.Key);
                    actual[i].Rle.Counts.ToArray().Should().Equal(expected[i].Counts, because: group.Key);
                }
                else
                {
                    var expectedMask = new CocoRle(actual[i].Rle.Height, actual[i].Rle.Width, expected[i].Counts).Decode();
                    var actualMask = actual[i].Rle.Decode();
                    var mismatches = expectedMask.Zip(actualMask).Count(p => p.First != p.Second);
                    mismatches.Should().BeLessThanOrEqualTo((int)(maskMismatchShare * actualMask.Length), because: group.Key);
                }
            }
        }

        // NMS order: descending predicted IoU within ties of the tolerance (single-crop runs).
        if (golden.Options.CropNLayers == 0 && golden.Options.MinMaskRegionArea == 0)
        {
            for (var i = 1; i < records.Count; i++)
            {
                ((double)records[i].PredictedIou).Should().BeLessThanOrEqualTo(records[i - 1].PredictedIou + scoreTolerance);
            }
        }
    }
}
