using System.Text;
using SeCo.Sdk.IO;

namespace SeCo.Plugins.Sources.Proda;

/// <summary>Writes a confidence map as a NumPy <c>.npy</c> of float16 <c>(H, W)</c>, like ProDA's <c>*_conf.npy</c>.</summary>
internal static class ConfidenceMapWriter
{
    /// <summary>Writes the file atomically.</summary>
    public static void Write(string path, ReadOnlySpan<float> confidence, int width, int height) =>
        AtomicFile.WriteAllBytes(path, Encode(confidence, width, height));

    /// <summary>The file's bytes.</summary>
    public static byte[] Encode(ReadOnlySpan<float> confidence, int width, int height)
    {
        var header = $"{{'descr': '<f2', 'fortran_order': False, 'shape': ({height}, {width}), }}";
        var total = 10 + header.Length + 1;
        var padding = (64 - total % 64) % 64;
        header = header + new string(' ', padding) + "\n";
        var bytes = new byte[10 + header.Length + confidence.Length * 2];
        bytes[0] = 0x93;
        "NUMPY"u8.CopyTo(bytes.AsSpan(1));
        bytes[6] = 1;
        bytes[7] = 0;
        BitConverter.TryWriteBytes(bytes.AsSpan(8, 2), (ushort)header.Length);
        Encoding.ASCII.GetBytes(header, bytes.AsSpan(10));
        var data = bytes.AsSpan(10 + header.Length);
        for (var i = 0; i < confidence.Length; i++)
        {
            BitConverter.TryWriteBytes(data.Slice(i * 2, 2), (Half)confidence[i]);
        }

        return bytes;
    }
}
