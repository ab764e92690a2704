using SeCo.Plugins.Psa.Modeling;
using static TorchSharp.torch;

namespace Psa.Sam.Tests.Modeling;

public sealed class TwoWayAttentionFoldingTests
{
    [Theory]
    [InlineData(3, 3)]
    [InlineData(3, 1)]
    [InlineData(1, 1)]
    public void Tokens_attending_to_the_image_with_folded_projections_equal_the_reference_attention(int prompts, int images)
    {
        using var attention = Attention(seed: 11);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var generator = new Generator(3);
        var tokens = randn([prompts, Tokens, Dim], generator: generator);
        var imageKeys = randn([images, Pixels, Dim], generator: generator);
        var imageValues = randn([images, Pixels, Dim], generator: generator);

        var folded = attention.AttendToImage(tokens, imageKeys, imageValues);
        var reference = attention.forward(tokens, imageKeys.expand(prompts, -1, -1), imageValues.expand(prompts, -1, -1));

        folded.shape.Should().Equal(reference.shape);
        folded.sub(reference).abs().max().item<float>().Should().BeLessThanOrEqualTo(FoldingTolerance);
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(3, 1)]
    [InlineData(1, 1)]
    public void The_image_attending_to_tokens_with_folded_projections_equals_the_reference_attention(int prompts, int images)
    {
        using var attention = Attention(seed: 12);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var generator = new Generator(4);
        var image = randn([images, Pixels, Dim], generator: generator);
        var keyTokens = randn([prompts, Tokens, Dim], generator: generator);
        var valueTokens = randn([prompts, Tokens, Dim], generator: generator);

        var folded = attention.AttendFromImage(image, keyTokens, valueTokens);
        var reference = attention.forward(image.expand(prompts, -1, -1), keyTokens, valueTokens);

        folded.shape.Should().Equal(reference.shape);
        folded.sub(reference).abs().max().item<float>().Should().BeLessThanOrEqualTo(FoldingTolerance);
    }

    private static TwoWayAttention Attention(ulong seed)
    {
        // Downsample rate 2, as in the decoder's cross-attentions; non-zero biases so that the folded bias terms count.
        var attention = new TwoWayAttention(Dim, Heads, 2);
        var generator = new Generator(seed);
        using var noGrad = no_grad();
        foreach (var parameter in attention.parameters())
        {
            parameter.copy_(randn(parameter.shape, generator: generator).mul_(0.2));
        }

        return attention;
    }

    private const int Dim = 32;
    private const int Heads = 4;
    private const int Tokens = 7;
    private const int Pixels = 50;

    // The folded products sum the same terms in another order (and drop the key bias, a per-row constant under
    // softmax): float32 rounding only, ten times below the tiny_rand logit tolerance (1e-5, golden README).
    private const float FoldingTolerance = 1e-6f;
}
