using Psa.Sam.Tests.Golden;
using SeCo.Plugins.Psa.Prompting;
using SeCo.Testing;
using SeCo.Vision.Imaging;
using static TorchSharp.torch;

namespace Psa.Sam.Tests.Modeling;

public sealed class MaskDecoderBatchingTests
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

    [Theory]
    [InlineData(1L << 21)]
    [InlineData(1L)]
    public void Sharing_the_first_layers_image_side_equals_decoding_every_prompt_on_its_own_copy(long chunkElements)
    {
        using var model = TinySam.Random();
        using var predictor = new SamPredictor(model);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var image = RgbImageIO.Read(GoldenData.PathOf("sam", "test_image.png"));
        predictor.SetImage(image);
        var points = rand([6, 1, 2], generator: new Generator(9)).mul_(tensor(new float[] { image.Width, image.Height }));
        var coords = predictor.Transform.ApplyCoords(points, (image.Height, image.Width));
        var (sparse, dense) = model.PromptEncoder.Forward(coords, ones(6, 1, int64), null, null);
        var pe = model.PromptEncoder.GetDensePositionalEncoding();
        model.MaskDecoder.ChunkElements = chunkElements;

        // The prompt encoder's no-mask embedding is one row expanded over the batch (stride 0): the decoder shares
        // the first layer's image side. A materialised copy of the same values takes the per-prompt path.
        dense.stride(0).Should().Be(0);
        var (shared, sharedIou) = model.MaskDecoder.Forward(predictor.Features, pe, sparse, dense, multimaskOutput: true);
        var (separate, separateIou) = model.MaskDecoder.Forward(predictor.Features, pe, sparse, dense.contiguous(), multimaskOutput: true);

        shared.sub(separate).abs().max().item<float>().Should().BeLessThanOrEqualTo(ChunkTolerance);
        sharedIou.sub(separateIou).abs().max().item<float>().Should().BeLessThanOrEqualTo(ChunkTolerance);
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
