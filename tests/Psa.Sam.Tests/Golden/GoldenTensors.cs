using System.Buffers.Binary;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Psa.Sam.Tests.Golden;

/// <summary>Reads the golden <c>.safetensors</c> files (F32, I64, U8, BOOL) into CPU tensors.</summary>
internal static class GoldenTensors
{
    public static Dictionary<string, Tensor> Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, headerLength));
        var dataStart = 8 + headerLength;
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var entry in header.RootElement.EnumerateObject())
        {
            if (entry.Name == "__metadata__")
            {
                continue;
            }

            var dtype = entry.Value.GetProperty("dtype").GetString();
            var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            var span = bytes.AsSpan(dataStart + (int)offsets[0], (int)(offsets[1] - offsets[0]));
            result[entry.Name] = dtype switch
            {
                "F32" => tensor(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(span).ToArray()).reshape(shape),
                "I64" => tensor(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(span).ToArray()).reshape(shape),
                "U8" => tensor(span.ToArray()).reshape(shape),
                "BOOL" => tensor(span.ToArray()).reshape(shape).to(ScalarType.Bool),
                _ => throw new NotSupportedException($"dtype {dtype} in {path}"),
            };
        }

        return result;
    }

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
