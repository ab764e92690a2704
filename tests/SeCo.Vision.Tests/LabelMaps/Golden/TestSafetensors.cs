using System.Buffers.Binary;
using System.Text.Json;

namespace SeCo.Vision.Tests.LabelMaps.Golden;

/// <summary>
/// Test-only reader of the tiny safetensors files of the golden data (8-byte little-endian header
/// length, JSON header, raw little-endian tensor data). Only what the label-map tests need.
/// </summary>
internal static class TestSafetensors
{
    /// <summary>Reads an I32 tensor: its shape and values.</summary>
    public static (int[] Shape, int[] Values) ReadInt32(string path, string name)
    {
        var bytes = File.ReadAllBytes(path);
        var headerLength = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        using var header = JsonDocument.Parse(bytes.AsMemory(8, headerLength));
        var entry = header.RootElement.GetProperty(name);
        entry.GetProperty("dtype").GetString().Should().Be("I32");
        var shape = entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var offsets = entry.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var data = bytes.AsSpan(8 + headerLength + offsets[0], offsets[1] - offsets[0]);
        var values = new int[data.Length / 4];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt32LittleEndian(data[(4 * i)..]);
        }

        return (shape, values);
    }
}
