using static TorchSharp.torch;

namespace SeCo.Vision.Tests;

/// <summary>Bit-for-bit comparison of float32 tensors (shape and every element's bits).</summary>
internal static class TensorBits
{
    public static bool Identical(Tensor actual, Tensor expected) =>
        actual.shape.AsSpan().SequenceEqual(expected.shape)
        && actual.dtype == ScalarType.Float32 && expected.dtype == ScalarType.Float32
        && actual.contiguous().data<float>().ToArray().Select(BitConverter.SingleToInt32Bits)
            .SequenceEqual(expected.contiguous().data<float>().ToArray().Select(BitConverter.SingleToInt32Bits));
}
