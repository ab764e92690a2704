using SeCo.Plugins.Psa.Modeling;
using SeCo.Plugins.Psa.Prompting;
using SeCo.Testing;
using SeCo.Vision.Imaging;
using static TorchSharp.torch;

namespace Psa.Sam.Tests.Golden;

/// <summary>
/// The image encoder in bfloat16 against the float32 golden data (tiny_rand, the tiny config with non-degenerate
/// weights): the embedding comes back float32 and within bfloat16 rounding, and the predictor's masks barely move.
/// </summary>
public sealed class EncoderPrecisionGoldenTests
{
    /// <summary>
    /// bfloat16 keeps 8 significant bits, so one rounding is off by at most 2⁻⁸ (≈ 0.39%) of the value.
    /// </summary>
    private const double Bfloat16UnitRoundoff = 1.0 / 256;

    /// <summary>
    /// Largest |bf16 − fp32| embedding difference, in units of 2⁻⁸ · max|embedding|: the tiny encoder chains about
    /// eight roundings per block (input cast, qkv, attention, proj, two MLP layers, two norms) and the closing
    /// LayerNorm scales every error to the embedding's range, so a correct bf16 encoder stays within 8 roundings
    /// of its largest value (observed: 2.7). A float32 piece left in the wrong place or a wrong cast gives ≥ 2⁻³.
    /// </summary>
    private const double Bfloat16MaxRoundings = 8;

    /// <summary>Mean |bf16 − fp32| in units of 2⁻⁸ · mean|embedding| (observed: 2.1; an error in one block gives ≫ 4).</summary>
    private const double Bfloat16MeanRoundings = 4;

    /// <summary>
    /// tiny_rand masks with a bf16 encoder agree with the fp32 masks on at least 99.5% of pixels (observed 99.82–99.87%:
    /// its texture-like masks have many upsampled logits near 0, README §2b, which bf16 noise flips).
    /// </summary>
    private const double Bfloat16MinMaskAgreement = 0.995;

    private static RgbImage TestImage() => RgbImageIO.Read(GoldenData.PathOf("sam", "test_image.png"));

    [Fact]
    public void Bfloat16_encoder_embedding_is_float32_and_within_bfloat16_rounding_of_the_golden_embedding()
    {
        using var model = TinySam.Random(EncoderPrecision.Bfloat16);
        var golden = GoldenTensors.Load(GoldenData.PathOf("sam", "tiny_rand", "encoder.safetensors"));
        using var _ = no_grad();

        using var embedding = model.EncodeImage(golden["input_preprocessed"]);

        embedding.dtype.Should().Be(ScalarType.Float32);
        var expected = golden["image_embeddings"];
        embedding.shape.Should().Equal(expected.shape);
        using var difference = (embedding - expected).abs();
        var maxAbs = expected.abs().max().item<float>();
        var meanAbs = expected.abs().mean().item<float>();
        difference.max().item<float>().Should().BeLessThanOrEqualTo((float)(Bfloat16MaxRoundings * Bfloat16UnitRoundoff * maxAbs));
        difference.mean().item<float>().Should().BeLessThanOrEqualTo((float)(Bfloat16MeanRoundings * Bfloat16UnitRoundoff * meanAbs));
        difference.max().item<float>().Should().BeGreaterThan(0, "the encoder really ran in bfloat16");
    }

    [Fact]
    public void Bfloat16_model_keeps_the_prompt_encoder_and_mask_decoder_in_float32()
    {
        using var model = TinySam.Random(EncoderPrecision.Bfloat16);

        model.EncoderPrecision.Should().Be(EncoderPrecision.Bfloat16);
        model.ImageEncoder.parameters().Select(p => p.dtype).Should().OnlyContain(t => t == ScalarType.BFloat16);
        model.PromptEncoder.parameters().Concat(model.MaskDecoder.parameters()).Select(p => p.dtype)
            .Should().OnlyContain(t => t == ScalarType.Float32);
        model.PromptEncoder.buffers().Select(b => b.dtype).Should().OnlyContain(t => t == ScalarType.Float32);
    }

    [Fact]
    public void Float32_encode_image_is_bit_identical_to_the_encoder_forward()
    {
        using var model = TinySam.Random();
        var golden = GoldenTensors.Load(GoldenData.PathOf("sam", "tiny_rand", "encoder.safetensors"));
        using var _ = no_grad();

        using var encoded = model.EncodeImage(golden["input_preprocessed"]);
        using var forward = model.ImageEncoder.forward(golden["input_preprocessed"]);

        encoded.dtype.Should().Be(ScalarType.Float32);
        encoded.data<float>().ToArray().Select(BitConverter.SingleToInt32Bits)
            .Should().Equal(forward.data<float>().ToArray().Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Tiny_rand_predictor_masks_with_a_bfloat16_encoder_agree_with_float32_masks()
    {
        using var reference = TinySam.Random();
        using var reduced = TinySam.Random(EncoderPrecision.Bfloat16);
        using var referencePredictor = new SamPredictor(reference);
        using var reducedPredictor = new SamPredictor(reduced);
        var image = TestImage();
        referencePredictor.SetImage(image);
        reducedPredictor.SetImage(image);
        reducedPredictor.Features.dtype.Should().Be(ScalarType.Float32);

        foreach (var c in PredictCase.Read("tiny_rand"))
        {
            var golden = GoldenTensors.Load(GoldenData.PathOf("sam", "tiny_rand", c.File));
            var prompt = new SamPrompt { Points = c.Points, Box = c.Box, MaskInput = c.UsesMaskInput ? golden["mask_input"] : null };

            using var expected = referencePredictor.Predict(prompt, c.MultimaskOutput);
            using var actual = reducedPredictor.Predict(prompt, c.MultimaskOutput);

            actual.Masks.shape.Should().Equal(expected.Masks.shape);
            actual.IouPredictions.dtype.Should().Be(ScalarType.Float32);
            using var agreement = actual.Masks.eq(expected.Masks).to(float64).mean();
            agreement.item<double>().Should().BeGreaterThanOrEqualTo(Bfloat16MinMaskAgreement, c.Name);
        }
    }
}
