using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Vision.Tests.Checkpoints;

/// <summary>Tensors of every dtype the checkpoint formats support, with edge values and shapes.</summary>
internal static class SampleTensors
{
    public static Dictionary<string, Tensor> AllDtypes() => new()
    {
        ["f32"] = torch.tensor(new[] { 1.5f, -2.25f, float.MaxValue, float.Epsilon }).reshape(2, 2),
        ["f64"] = torch.tensor(new[] { Math.PI, -1e300 }),
        ["f16"] = torch.tensor(new[] { 0.5f, 65504f, -3f }).to(ScalarType.Float16),
        ["bf16"] = torch.tensor(new[] { 1f, -128f }).to(ScalarType.BFloat16),
        ["i64"] = torch.tensor(new[] { long.MinValue, 0L, long.MaxValue }),
        ["i32"] = torch.tensor(new[] { int.MinValue, 7 }),
        ["i16"] = torch.tensor(new short[] { short.MinValue, 3 }),
        ["i8"] = torch.tensor(new sbyte[] { -128, 127 }),
        ["u8"] = torch.tensor(new byte[] { 0, 255, 9 }),
        ["bool"] = torch.tensor(new[] { true, false, true }),
        ["scalar"] = torch.tensor(4.0f),
        ["empty"] = torch.zeros(0, 3),
        ["big.shape.5d"] = torch.arange(2 * 3 * 4 * 5 * 300, ScalarType.Int32).reshape(2, 3, 4, 5, 300),
    };
}
