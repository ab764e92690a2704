using SeCo.Plugins.Adapt.UniMatch.Modeling;
using TorchSharp;
using static TorchSharp.torch;

namespace Adapt.UniMatch.Tests.Modeling;

public sealed class BernoulliChannelDropoutMasksTests
{
    [Fact]
    public void Masks_are_zero_or_two_per_channel_and_keep_about_half()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(1234);
        var masks = new BernoulliChannelDropoutMasks(0.5, generator);

        var mask = masks.Next(4, 2048, ScalarType.Float32, CPU);

        mask.shape.Should().Equal(4, 2048, 1, 1);
        mask.eq(0).logical_or(mask.eq(2)).all().ToBoolean().Should().BeTrue();
        mask.eq(2).to(ScalarType.Float64).mean().ToDouble().Should().BeInRange(0.45, 0.55);
    }

    [Fact]
    public void Masks_equal_torch_bernoulli_draws_of_the_same_generator_state()
    {
        using var scope = NewDisposeScope();
        using var first = new Generator(42);
        using var second = new Generator(42);
        var masks = new BernoulliChannelDropoutMasks(0.5, first);

        var c1 = masks.Next(1, 256, ScalarType.Float32, CPU);
        var c4 = masks.Next(1, 2048, ScalarType.Float32, CPU);

        // The golden generator's check: Dropout2d(0.5) == empty(1,C,1,1).bernoulli_(0.5) scaled by 2, c1 first then c4.
        c1.IsIdenticalTo(empty(1, 256, 1, 1).bernoulli_(0.5, second).mul(2)).Should().BeTrue();
        c4.IsIdenticalTo(empty(1, 2048, 1, 1).bernoulli_(0.5, second).mul(2)).Should().BeTrue();
    }

    [Fact]
    public void Drop_probability_outside_zero_to_one_is_rejected()
    {
        var create = () => new BernoulliChannelDropoutMasks(1.0);

        create.Should().Throw<ArgumentOutOfRangeException>();
    }
}
