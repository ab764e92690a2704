using Microsoft.Win32.SafeHandles;
using SeCo.Sdk.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Vision.Checkpoints;

/// <summary>
/// Moves raw bytes between files/streams and the native memory of contiguous CPU tensors, in chunks
/// that fit a <see cref="Span{T}"/>, without a managed copy of the whole tensor.
/// </summary>
internal static class TensorBytes
{
    /// <summary>The largest chunk handed to a span at once (1 GiB).</summary>
    private const long MaxChunkBytes = 1L << 30;

    /// <summary>How much one stream read asks for, so a CRC over it runs while the bytes are still in cache (1 MiB).</summary>
    private const int ReadPieceBytes = 1 << 20;

    /// <summary>Fills <paramref name="tensor"/> (contiguous, CPU) with the bytes of <paramref name="file"/> at <paramref name="offset"/>.</summary>
    public static void ReadInto(Tensor tensor, SafeFileHandle file, long offset, string path)
    {
        ForEachChunk(tensor, (span, chunkOffset) =>
        {
            var done = 0;
            while (done < span.Length)
            {
                var read = RandomAccess.Read(file, span[done..], offset + chunkOffset + done);
                if (read == 0)
                {
                    throw new SeCoInputException(path, $"The file ends early: expected {span.Length - done} more bytes of tensor data at byte {offset + chunkOffset + done}. The file is truncated or corrupt.");
                }

                done += read;
            }
        });
    }

    /// <summary>
    /// Fills <paramref name="tensor"/> (contiguous, CPU) from <paramref name="stream"/>; fails naming <paramref name="path"/>
    /// when it ends early. When <paramref name="crc"/> is given, each piece is added to it right after it is read,
    /// while it is still in cache.
    /// </summary>
    public static void ReadInto(Tensor tensor, Stream stream, string path, string what, System.IO.Hashing.Crc32? crc = null)
    {
        ForEachChunk(tensor, (span, _) =>
        {
            var done = 0;
            while (done < span.Length)
            {
                var piece = span.Slice(done, Math.Min(ReadPieceBytes, span.Length - done));
                var read = stream.Read(piece);
                if (read == 0)
                {
                    throw new SeCoInputException(path, $"The data of {what} ends early: expected {span.Length - done} more bytes. The file is truncated or corrupt.");
                }

                crc?.Append(piece[..read]);
                done += read;
            }
        });
    }

    /// <summary>Writes the bytes of <paramref name="tensor"/> (contiguous, CPU) to <paramref name="stream"/>.</summary>
    public static void WriteTo(Tensor tensor, Stream stream) =>
        ForEachChunk(tensor, (span, _) => stream.Write(span));

    /// <summary>A contiguous CPU tensor with the values of <paramref name="tensor"/>: the tensor itself (a new handle) when it already is one.</summary>
    public static Tensor ContiguousCpu(Tensor tensor)
    {
        if (tensor.device_type == DeviceType.CPU && tensor.is_contiguous())
        {
            return tensor.alias();
        }

        using var cpu = tensor.cpu();
        return cpu.contiguous();
    }

    private delegate void ChunkAction(Span<byte> span, long chunkOffset);

    private static void ForEachChunk(Tensor tensor, ChunkAction action)
    {
        if (tensor.device_type != DeviceType.CPU || !tensor.is_contiguous())
        {
            throw new ArgumentException("The tensor must be a contiguous CPU tensor.", nameof(tensor));
        }

        var total = tensor.NumberOfElements * tensor.ElementSize;
        if (total == 0)
        {
            return;
        }

        if (total <= MaxChunkBytes)
        {
            action(tensor.bytes, 0);
            return;
        }

        using var flat = tensor.view(-1);
        var elementSize = tensor.ElementSize;
        var elementsPerChunk = MaxChunkBytes / elementSize;
        for (long start = 0; start < flat.NumberOfElements; start += elementsPerChunk)
        {
            var count = Math.Min(elementsPerChunk, flat.NumberOfElements - start);
            using var chunk = flat.narrow(0, start, count);
            action(chunk.bytes, start * elementSize);
        }
    }
}
