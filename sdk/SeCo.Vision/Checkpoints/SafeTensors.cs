using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;
using SeCo.Sdk.Errors;
using SeCo.Sdk.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Vision.Checkpoints;

/// <summary>
/// Reads and writes <c>.safetensors</c> files: an 8-byte little-endian header length, a JSON header
/// describing each tensor (<c>dtype</c>, <c>shape</c>, <c>data_offsets</c>) and the raw little-endian
/// tensor bytes. Compatible with the Python <c>safetensors</c> library in both directions.
/// </summary>
public static class SafeTensors
{
    /// <summary>The header key that holds free-form string metadata rather than a tensor.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>The largest header accepted (the Python library's limit).</summary>
    private const long MaxHeaderBytes = 100_000_000;

    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>
    /// Loads every tensor of a safetensors file. Tensor bytes go straight from the file into the
    /// tensors' native memory; <c>__metadata__</c> is ignored.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="device">Where the tensors should live; CPU when <see langword="null"/>.</param>
    /// <returns>The tensors by name, in header order. The caller owns (and disposes) them.</returns>
    /// <exception cref="SeCoInputException">The file is missing, truncated or not a safetensors file.</exception>
    public static Dictionary<string, Tensor> Load(string path, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new SeCoInputException(path, "The safetensors file does not exist.");
        }

        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var fileLength = RandomAccess.GetLength(file);
        var entries = ReadHeader(file, fileLength, path, out var dataStart);

        var result = new Dictionary<string, Tensor>(entries.Count, StringComparer.Ordinal);
        try
        {
            foreach (var entry in entries)
            {
                var tensor = torch.empty(entry.Shape, entry.Type);
                try
                {
                    TensorBytes.ReadInto(tensor, file, dataStart + entry.Begin, path);
                    if (device is not null && device.type != DeviceType.CPU)
                    {
                        var moved = tensor.to(device);
                        tensor.Dispose();
                        tensor = moved;
                    }
                }
                catch
                {
                    tensor.Dispose();
                    throw;
                }

                result.Add(entry.Name, tensor);
            }
        }
        catch
        {
            foreach (var tensor in result.Values)
            {
                tensor.Dispose();
            }

            throw;
        }

        return result;
    }

    /// <summary>
    /// Writes tensors to a safetensors file atomically. The header lists the tensors in ordinal key
    /// order and is padded with spaces to a multiple of 8 bytes; the data is laid out by decreasing
    /// element size, then key, so every tensor is aligned to its element size (as the Python library does).
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="tensors">The tensors by name; any device, any layout (they are copied to contiguous CPU memory one at a time).</param>
    /// <param name="metadata">Optional string metadata stored under <c>__metadata__</c>.</param>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);

        var layout = new List<(string Name, Tensor Tensor, ScalarType Type, long[] Shape, long Bytes)>(tensors.Count);
        foreach (var (name, tensor) in tensors)
        {
            if (string.IsNullOrEmpty(name) || name == MetadataKey)
            {
                throw new ArgumentException($"'{name}' cannot be a tensor name in a safetensors file.", nameof(tensors));
            }

            var type = tensor.dtype;
            SafeTensorDTypes.ToName(type);
            layout.Add((name, tensor, type, tensor.shape, tensor.NumberOfElements * SafeTensorDTypes.ElementSize(type)));
        }

        layout.Sort((a, b) =>
        {
            var bySize = SafeTensorDTypes.ElementSize(b.Type).CompareTo(SafeTensorDTypes.ElementSize(a.Type));
            return bySize != 0 ? bySize : string.CompareOrdinal(a.Name, b.Name);
        });

        var offsets = new Dictionary<string, (long Begin, long End)>(layout.Count, StringComparer.Ordinal);
        long position = 0;
        foreach (var item in layout)
        {
            offsets.Add(item.Name, (position, position + item.Bytes));
            position += item.Bytes;
        }

        var header = WriteHeader(layout.Select(l => (l.Name, l.Type, l.Shape)), offsets, metadata);

        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach (var item in layout)
            {
                using var contiguous = TensorBytes.ContiguousCpu(item.Tensor);
                TensorBytes.WriteTo(contiguous, stream);
            }
        });
    }

    private static byte[] WriteHeader(
        IEnumerable<(string Name, ScalarType Type, long[] Shape)> tensors,
        Dictionary<string, (long Begin, long End)> offsets,
        IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            writer.WriteStartObject();
            if (metadata is not null)
            {
                writer.WriteStartObject(MetadataKey);
                foreach (var key in metadata.Keys.Order(StringComparer.Ordinal))
                {
                    writer.WriteString(key, metadata[key]);
                }

                writer.WriteEndObject();
            }

            foreach (var (name, type, shape) in tensors.OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                writer.WriteStartObject(name);
                writer.WriteString("dtype", SafeTensorDTypes.ToName(type));
                writer.WriteStartArray("shape");
                foreach (var dim in shape)
                {
                    writer.WriteNumberValue(dim);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offsets[name].Begin);
                writer.WriteNumberValue(offsets[name].End);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        var padding = (int)((8 - (buffer.Length % 8)) % 8);
        for (var i = 0; i < padding; i++)
        {
            buffer.WriteByte((byte)' ');
        }

        return buffer.ToArray();
    }

    private static List<HeaderEntry> ReadHeader(Microsoft.Win32.SafeHandles.SafeFileHandle file, long fileLength, string path, out long dataStart)
    {
        if (fileLength < 8)
        {
            throw new SeCoInputException(path, $"The file is {fileLength} bytes long; a safetensors file starts with an 8-byte header length. The file is truncated or not a safetensors file.");
        }

        Span<byte> lengthBytes = stackalloc byte[8];
        ReadExactly(file, lengthBytes, 0, path);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes || (long)headerLength > fileLength - 8)
        {
            throw new SeCoInputException(path, $"The header length {headerLength} does not fit the file ({fileLength} bytes). The file is truncated or not a safetensors file.");
        }

        var headerBytes = new byte[(int)headerLength];
        ReadExactly(file, headerBytes, 8, path);
        dataStart = 8 + (long)headerLength;
        var dataLength = fileLength - dataStart;

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(headerBytes);
        }
        catch (JsonException ex)
        {
            throw new SeCoInputException(path, $"The safetensors header is not valid JSON ({ex.Message}). The file is corrupt or not a safetensors file.", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new SeCoInputException(path, "The safetensors header must be a JSON object mapping tensor names to their dtype, shape and data_offsets.");
            }

            var entries = new List<HeaderEntry>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    continue;
                }

                if (!names.Add(property.Name))
                {
                    throw new SeCoInputException(path, $"The safetensors header lists tensor '{property.Name}' twice. The file is corrupt.");
                }

                entries.Add(ParseEntry(property, dataLength, path));
            }

            return entries;
        }
    }

    private static HeaderEntry ParseEntry(JsonProperty property, long dataLength, string path)
    {
        var name = property.Name;
        var value = property.Value;
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array
            || offsetsElement.GetArrayLength() != 2)
        {
            throw new SeCoInputException(path, $"Tensor '{name}': expected an object with a string 'dtype', an array 'shape' and a two-element array 'data_offsets'.");
        }

        var dtypeName = dtypeElement.GetString()!;
        var type = SafeTensorDTypes.FromName(dtypeName)
            ?? throw new SeCoInputException(path, $"Tensor '{name}' has dtype '{dtypeName}'; supported are F32, F64, F16, BF16, I64, I32, I16, I8, U8 and BOOL.");

        var shape = new long[shapeElement.GetArrayLength()];
        long elements = 1;
        var i = 0;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out var size) || size < 0)
            {
                throw new SeCoInputException(path, $"Tensor '{name}': every shape entry must be a non-negative integer.");
            }

            shape[i++] = size;
            elements = size == 0 || elements <= long.MaxValue / size ? elements * size : long.MaxValue;
        }

        var begin = offsetsElement[0].ValueKind == JsonValueKind.Number && offsetsElement[0].TryGetInt64(out var b) ? b : -1;
        var end = offsetsElement[1].ValueKind == JsonValueKind.Number && offsetsElement[1].TryGetInt64(out var e) ? e : -1;
        var expectedBytes = elements > dataLength ? -1 : elements * SafeTensorDTypes.ElementSize(type);
        if (begin < 0 || end < begin || end - begin != expectedBytes)
        {
            throw new SeCoInputException(path, $"Tensor '{name}': data_offsets [{begin}, {end}] do not span the {expectedBytes} bytes its dtype {dtypeName} and shape [{string.Join(", ", shape)}] need.");
        }

        if (end > dataLength)
        {
            throw new SeCoInputException(path, $"Tensor '{name}' ends at byte {end} of the data section, but the file holds only {dataLength} data bytes. The file is truncated.");
        }

        return new HeaderEntry(name, type, shape, begin);
    }

    private static void ReadExactly(Microsoft.Win32.SafeHandles.SafeFileHandle file, Span<byte> buffer, long offset, string path)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var read = RandomAccess.Read(file, buffer[done..], offset + done);
            if (read == 0)
            {
                throw new SeCoInputException(path, "The file ends inside its header. The file is truncated.");
            }

            done += read;
        }
    }

    private sealed record HeaderEntry(string Name, ScalarType Type, long[] Shape, long Begin);
}
