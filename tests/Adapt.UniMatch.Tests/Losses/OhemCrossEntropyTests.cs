using SeCo.Plugins.Adapt.UniMatch.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Adapt.UniMatch.Tests.Losses;

/// <summary>The spec's hand-checked OHEM case (spec unimatch.md §7): one 2x3 image, 2 classes.</summary>
public sealed class OhemCrossEntropyTests
{
    /// <summary>The spec quotes six significant digits.</summary>
    private const double SpecPrecision = 1e-6;

    [Theory]
    [InlineData(2, 0.7, 0.899852)]   // keeps p_t 0.2689, 0.5, 0.5
    [InlineData(4, 0.7, 0.590682)]   // threshold raised to the 4th smallest p_t (0.8808): all five
    [InlineData(5, 0.7, 0.590682)]
    [InlineData(6, 0.7, 0.590682)]   // min_kept > 5 valid pixels: no mining, plain CE
    [InlineData(3, 0.5, 0.899852)]
    public void Loss_of_the_spec_example_matches(long minKept, double threshold, double expected)
    {
        using var scope = NewDisposeScope();
        var (logits, target) = Example();

        var loss = new OhemCrossEntropy(threshold, minKept).Compute(logits, target);

        loss.ToDouble().Should().BeApproximately(expected, SpecPrecision);
    }

    [Fact]
    public void Mining_ignores_easy_pixels_and_keeps_the_ignore_label()
    {
        using var scope = NewDisposeScope();
        var (logits, target) = Example();

        var mined = new OhemCrossEntropy(0.7, 2).MineTarget(logits, target);

        mined.data<long>().ToArray().Should().Equal(255, 0, 255, 0, 255, 1);
        target.data<long>().ToArray().Should().Equal(0, 0, 1, 0, 255, 1);
    }

    [Fact]
    public void Loss_has_the_gradient_of_the_mean_cross_entropy_over_kept_pixels()
    {
        using var scope = NewDisposeScope();
        var (logits, target) = Example();
        logits.requires_grad_(true);

        new OhemCrossEntropy(0.7, 2).Compute(logits, target).backward();

        // Only the three kept pixels (flat 1, 3, 5) receive (softmax − onehot) / 3.
        var grad = logits.grad!;
        grad.select(1, 0).abs().sum().ToDouble().Should().BeGreaterThan(0);
        var expected = logits.detach().softmax(1).sub(nn.functional.one_hot(tensor(new long[] { 0, 0, 1, 0, 0, 1 }).view(1, 2, 3), 2).permute(0, 3, 1, 2)).div(3);
        var keep = tensor(new[] { 0f, 1, 0, 1, 0, 1 }).view(1, 1, 2, 3);
        grad.allclose(expected.mul(keep), rtol: 0, atol: 1e-7).Should().BeTrue();
    }

    [Fact]
    public void Plain_cross_entropy_ignores_255()
    {
        using var scope = NewDisposeScope();
        var (logits, target) = Example();

        var loss = new IgnoreIndexCrossEntropy().Compute(logits, target);

        // Mean of 0.126928, 1.313262, 0.126928, 0.693147, 0.693147.
        loss.ToDouble().Should().BeApproximately(0.590682, SpecPrecision);
    }

    private static (Tensor Logits, Tensor Target) Example()
    {
        var class0 = new float[] { 2, 0, -1, 0.5f, 3, 0 };
        var class1 = new float[] { 0, 1, 1, 0.5f, 0, 0 };
        var logits = tensor(class0.Concat(class1).ToArray(), [1, 2, 2, 3]);
        var target = tensor(new long[] { 0, 0, 1, 0, 255, 1 }, [1, 2, 3]);
        return (logits, target);
    }
}
