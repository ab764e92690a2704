using System.Buffers.Binary;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Psa.Sam.Tests.Golden;

/// <summary>Golden tensor files and tolerance arithmetic for the SAM tests.</summary>
internal static class GoldenTensors
{
    public static Dictionary<string, Tensor> Load(string path) => SeCo.Vision.Checkpoints.SafeTensors.Load(path);

    /// <summary>Header order of the keys (the order the writer used).</summary>
    public static IReadOnlyList<string> KeyOrder(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var header = new byte[BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes)];
        stream.ReadExactly(header);
        using var document = JsonDocument.Parse(header);
        return document.RootElement.EnumerateObject().Select(p => p.Name).Where(n => n != "__metadata__").ToList();
    }

    public static float[] Floats(Tensor t) => t.contiguous().to(float32).data<float>().ToArray();

    /// <summary>Max |a − b| − rtol·|b| over all elements (≤ atol means within tolerance).</summary>
    public static double MaxExcess(Tensor actual, Tensor expected, double rtol)
    {
        var a = Floats(actual);
        var e = Floats(expected);
        if (a.Length != e.Length)
        {
            throw new InvalidOperationException($"length {a.Length} vs {e.Length}");
        }

        double worst = 0;
        for (var i = 0; i < a.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs((double)a[i] - e[i]) - rtol * Math.Abs((double)e[i]));
        }

        return worst;
    }
}
