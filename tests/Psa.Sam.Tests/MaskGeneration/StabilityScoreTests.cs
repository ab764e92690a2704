using SeCo.Plugins.Psa.MaskGeneration;
using TorchSharp;
using static TorchSharp.torch;

namespace Psa.Sam.Tests.MaskGeneration;

public sealed class StabilityScoreTests
{
    [Fact]
    public void Vectorised_counts_equal_the_tensor_form_bit_for_bit()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(7);
        var logits = randn([2, 3, 37, 53], generator: generator).mul(2f); // 1961 pixels: not a multiple of any vector width
        logits[1, 2] = full(37, 53, -5f); // nothing above either threshold: 0 / 0

        var scores = StabilityScore.Calculate(logits, 0.0, 1.0);

        var expected = TensorForm(logits, 0.0, 1.0);
        scores.shape.Should().Equal(2, 3);
        scores.data<float>().ToArray().Should().Equal(expected.data<float>().ToArray(), (a, b) => a.Equals(b));
        float.IsNaN(scores[1, 2].item<float>()).Should().BeTrue();
    }

    [Fact]
    public void A_strided_view_is_scored_like_its_contiguous_copy()
    {
        using var scope = NewDisposeScope();
        var logits = randn([4, 20, 30], generator: new Generator(3)).transpose(1, 2); // [4, 30, 20], not contiguous

        var scores = StabilityScore.Calculate(logits, 0.25, 0.5);

        scores.data<float>().ToArray().Should().Equal(TensorForm(logits.contiguous(), 0.25, 0.5).data<float>().ToArray());
    }

    private static Tensor TensorForm(Tensor logits, double threshold, double offset)
    {
        var intersections = logits.gt(threshold + offset).sum([-1, -2], type: ScalarType.Int32);
        var unions = logits.gt(threshold - offset).sum([-1, -2], type: ScalarType.Int32);
        return intersections.to(float32).div(unions.to(float32));
    }
}
