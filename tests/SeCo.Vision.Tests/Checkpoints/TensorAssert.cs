using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Vision.Tests.Checkpoints;

/// <summary>Exact tensor comparisons for checkpoint tests (checkpoint values are exact, tolerance zero).</summary>
internal static class TensorAssert
{
    /// <summary>Same shape and exactly the same values, compared after converting both to <paramref name="compareAs"/> when given.</summary>
    public static void Identical(Tensor actual, Tensor expected, string because, ScalarType? compareAs = null)
    {
        using var scope = torch.NewDisposeScope();
        actual.shape.Should().Equal(expected.shape, because);
        var a = compareAs is { } type ? actual.to(type) : actual;
        var e = compareAs is { } type2 ? expected.to(type2) : expected;
        a.dtype.Should().Be(e.dtype, because);
        if (a.NumberOfElements == 0)
        {
            return;
        }

        torch.eq(a, e).all().item<bool>().Should().BeTrue(because);
    }
}
