using TorchSharp;
using static TorchSharp.torch;

namespace Adapt.UniMatch.Tests.Modeling;

/// <summary>Exact tensor comparison for assertions (same shape, dtype and every element).</summary>
internal static class TensorIdentity
{
    public static bool IsIdenticalTo(this Tensor actual, Tensor expected) =>
        actual.shape.AsSpan().SequenceEqual(expected.shape) && actual.dtype == expected.dtype && actual.eq(expected).all().ToBoolean();
}
