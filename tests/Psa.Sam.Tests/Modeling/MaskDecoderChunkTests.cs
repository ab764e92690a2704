using Psa.Sam.Tests.Golden;
using SeCo.Plugins.Psa.Prompting;
using SeCo.Testing;
using SeCo.Vision.Imaging;
using static TorchSharp.torch;

namespace Psa.Sam.Tests.Modeling;

public sealed class MaskDecoderChunkTests
{
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Decoding_prompts_one_per_chunk_equals_decoding_the_batch_at_once(bool multimask, bool withMaskInput)
    {
        using var model = TinySam.Random();
        using var predictor = new SamPredictor(model);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var image = RgbImageIO.Read(GoldenData.PathOf("sam", "test_image.png"));
        predictor.SetImage(image);
        var generator = new Generator(5);
        var points = rand([10, 2, 2], generator: generator).mul_(tensor(new float[] { image.Width, image.Height }));
        var transformed = predictor.Transform.ApplyCoords(points, (image.Height, image.Width));
        var labels = tensor(new long[] { 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1 }, [10, 2]);
        var size = TinySam.Variant.ImageSize / 4;
        var maskInput = withMaskInput ? randn([10, 1, size, size], generator: generator) : null;

        var (batched, batchedIou) = predictor.DecodeTorch(transformed, labels, null, maskInput, multimask);
        model.MaskDecoder.ChunkElements = 1;
        var (chunked, chunkedIou) = predictor.DecodeTorch(transformed, labels, null, maskInput, multimask);

        chunked.shape.Should().Equal(batched.shape);
        chunked.sub(batched).abs().max().item<float>().Should().BeLessThanOrEqualTo(ChunkTolerance);
        chunkedIou.sub(batchedIou).abs().max().item<float>().Should().BeLessThanOrEqualTo(ChunkTolerance);
    }

    [Fact]
    public void A_chunk_budget_below_one_element_is_rejected()
    {
        using var model = TinySam.Random();
        var act = () => model.MaskDecoder.ChunkElements = 0;
        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    // Every prompt's arithmetic is independent of the others; only a matrix product's row blocking may differ with the
    // batch size, far below the tiny_rand logit tolerance (1e-5, golden README).
    private const float ChunkTolerance = 1e-6f;
}
