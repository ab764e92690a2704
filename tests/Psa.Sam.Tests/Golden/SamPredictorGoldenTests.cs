using SeCo.Plugins.Psa.Modeling;
using SeCo.Plugins.Psa.Prompting;
using SeCo.Testing;
using SeCo.Vision.Imaging;
using static TorchSharp.torch;

namespace Psa.Sam.Tests.Golden;

public sealed class SamPredictorGoldenTests
{
    /// <summary>README: tiny encoder tensors atol 1e-4 + rtol 1e-4 (prompt-encoder outputs included).</summary>
    private const double TinyEncoderTolerance = 1e-4;

    /// <summary>README: low_res_logits / iou_predictions atol 1e-3 for tiny (DetFill).</summary>
    private const double TinyLogitTolerance = 1e-3;

    /// <summary>README: low_res_logits / iou_predictions atol 1e-5 for tiny_rand.</summary>
    private const double TinyRandLogitTolerance = 1e-5;

    /// <summary>README: tiny_rand masks allow at most 0.2% mismatching pixels (DetFill masks are exact).</summary>
    private const double TinyRandMaskMismatchShare = 0.002;

    public static TheoryData<string> TinyCases()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "tiny", "tiny_rand" })
        {
            foreach (var c in PredictCase.Read(folder))
            {
                data.Add($"{folder}/{c.Name}");
            }
        }

        return data;
    }

    private static RgbImage TestImage() => RgbImageIO.Read(GoldenData.PathOf("sam", "test_image.png"));

    [Fact]
    public void Preprocess_shape_rounds_like_the_reference()
    {
        ResizeLongestSide.GetPreprocessShape(1024, 2048, 1024).Should().Be((512, 1024));
        ResizeLongestSide.GetPreprocessShape(720, 1280, 1024).Should().Be((576, 1024));
        ResizeLongestSide.GetPreprocessShape(375, 500, 1024).Should().Be((768, 1024));
        ResizeLongestSide.GetPreprocessShape(1052, 1914, 1024).Should().Be((563, 1024));
        ResizeLongestSide.GetPreprocessShape(760, 1280, 1024).Should().Be((608, 1024));
    }

    [Fact]
    public void Tiny_resized_input_matches_pillow_bilinear_exactly()
    {
        var image = TestImage();
        var expected = GoldenTensors.Load(GoldenData.PathOf("sam", "tiny", "encoder.safetensors"))["input_resized"];

        var (pixels, height, width) = new ResizeLongestSide(256).ApplyImage(image.Data, image.Height, image.Width);

        (height, width).Should().Be((180, 256));
        pixels.Should().Equal(expected.data<byte>().ToArray());
    }

    [Fact]
    public void Vit_b_resized_input_matches_pillow_bilinear_exactly()
    {
        var image = TestImage();
        var expected = RgbImageIO.Read(GoldenData.PathOf("sam", "vit_b", "input_resized.png"));

        var (pixels, height, width) = new ResizeLongestSide(1024).ApplyImage(image.Data, image.Height, image.Width);

        (height, width).Should().Be((expected.Height, expected.Width));
        pixels.Should().Equal(expected.Data);
    }

    [Theory]
    [InlineData("tiny")]
    [InlineData("tiny_rand")]
    public void Tiny_set_image_matches_reference_embeddings(string folder)
    {
        using var model = TinySam.For(folder);
        using var predictor = new SamPredictor(model);
        var golden = GoldenTensors.Load(GoldenData.PathOf("sam", folder, "encoder.safetensors"));

        predictor.SetImage(TestImage());

        predictor.InputSize.Should().Be((180, 256));
        predictor.OriginalSize.Should().Be((300, 427));
        GoldenTensors.MaxExcess(predictor.Features, golden["image_embeddings"], TinyEncoderTolerance).Should().BeLessThanOrEqualTo(TinyEncoderTolerance);
    }

    [Theory]
    [MemberData(nameof(TinyCases))]
    public void Tiny_predictions_match_reference(string caseId)
    {
        var folder = caseId[..caseId.IndexOf('/')];
        var c = PredictCase.Read(folder).Single(p => p.ToString() == caseId);
        var golden = GoldenTensors.Load(GoldenData.PathOf("sam", folder, c.File));
        var logitTolerance = folder == "tiny" ? TinyLogitTolerance : TinyRandLogitTolerance;
        using var model = TinySam.For(folder);
        using var predictor = new SamPredictor(model);
        predictor.SetImage(TestImage());
        var prompt = new SamPrompt { Points = c.Points, Box = c.Box, MaskInput = c.UsesMaskInput ? golden["mask_input"] : null };

        using var prediction = predictor.Predict(prompt, c.MultimaskOutput, c.ReturnLogits);

        GoldenTensors.MaxExcess(prediction.IouPredictions, golden["iou_predictions"], 0).Should().BeLessThanOrEqualTo(logitTolerance);
        GoldenTensors.MaxExcess(prediction.LowResLogits, golden["low_res_logits"], 0).Should().BeLessThanOrEqualTo(logitTolerance);
        if (c.ReturnLogits)
        {
            prediction.Masks.dtype.Should().Be(ScalarType.Float32);
            GoldenTensors.MaxExcess(prediction.Masks, golden["masks"], 0).Should().BeLessThanOrEqualTo(logitTolerance);
        }
        else
        {
            prediction.Masks.shape.Should().Equal(golden["masks"].shape);
            var mismatches = prediction.Masks.ne(golden["masks"]).sum().item<long>();
            var allowed = folder == "tiny" ? 0 : (long)(TinyRandMaskMismatchShare * golden["masks"].numel());
            mismatches.Should().BeLessThanOrEqualTo(allowed);
        }

        if (golden.TryGetValue("sparse_embeddings", out var sparseExpected))
        {
            var (sparse, dense) = EncodePrompts(predictor, prompt);
            GoldenTensors.MaxExcess(sparse, sparseExpected, TinyEncoderTolerance).Should().BeLessThanOrEqualTo(TinyEncoderTolerance);
            GoldenTensors.MaxExcess(dense, golden["dense_embeddings"], TinyEncoderTolerance).Should().BeLessThanOrEqualTo(TinyEncoderTolerance);
        }
    }

    [Fact]
    public void Batched_prompts_give_the_same_masks_as_one_call_per_prompt()
    {
        using var model = TinySam.Random();
        using var predictor = new SamPredictor(model);
        predictor.SetImage(TestImage());
        var prompts = new[]
        {
            new SamPrompt { Points = [new SamPoint(278, 209)], Box = new SamBox(242, 175, 315, 242) },
            new SamPrompt { Points = [new SamPoint(100.5, 50.25)], Box = new SamBox(10, 20, 200, 120) },
            new SamPrompt { Points = [new SamPoint(400, 290)], Box = new SamBox(300, 200, 426, 299) },
        };

        using var batched = predictor.PredictBatch(prompts, multimaskOutput: true, returnLogits: true);

        batched.Masks.shape.Should().Equal(3, 3, 300, 427);
        for (var i = 0; i < prompts.Length; i++)
        {
            using var single = predictor.Predict(prompts[i], multimaskOutput: true, returnLogits: true);
            GoldenTensors.MaxExcess(batched.LowResLogits[i], single.LowResLogits, 0).Should().BeLessThanOrEqualTo(TinyRandLogitTolerance);
            GoldenTensors.MaxExcess(batched.IouPredictions[i], single.IouPredictions, 0).Should().BeLessThanOrEqualTo(TinyRandLogitTolerance);
            GoldenTensors.MaxExcess(batched.Masks[i], single.Masks, 0).Should().BeLessThanOrEqualTo(TinyRandLogitTolerance);
        }
    }

    private static (Tensor Sparse, Tensor Dense) EncodePrompts(SamPredictor predictor, SamPrompt prompt)
    {
        using var _ = no_grad();
        Tensor? coords = null, labels = null, box = null, mask = null;
        if (prompt.Points.Count > 0)
        {
            var xy = prompt.Points.SelectMany(p => new[] { p.X, p.Y }).ToArray();
            coords = predictor.Transform.ApplyCoords(tensor(xy, [1, prompt.Points.Count, 2]), predictor.OriginalSize).to(float32);
            labels = tensor(prompt.Points.Select(p => (long)p.Label).ToArray(), [1, prompt.Points.Count]);
        }

        if (prompt.Box is { } b)
        {
            box = predictor.Transform.ApplyBoxes(tensor(new[] { b.X0, b.Y0, b.X1, b.Y1 }, [1, 4]), predictor.OriginalSize).to(float32);
        }

        if (prompt.MaskInput is not null)
        {
            mask = prompt.MaskInput.reshape(1, 1, prompt.MaskInput.shape[^2], prompt.MaskInput.shape[^1]);
        }

        return predictor.Model.PromptEncoder.Forward(coords, labels, box, mask);
    }
}
