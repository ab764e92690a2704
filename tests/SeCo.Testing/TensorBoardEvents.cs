using System.Buffers.Binary;
using System.Text;

namespace SeCo.Testing;

/// <summary>
/// Reads TensorBoard event files independently of any writer: the TFRecord framing (length, masked CRC32C of the
/// length, an <c>Event</c> protobuf, masked CRC32C of the data), both checksums verified, and the scalar summaries
/// (<c>Event.step</c>, <c>Summary.Value.tag</c>, <c>simple_value</c>) decoded by hand.
/// </summary>
public static class TensorBoardEvents
{
    private static readonly uint[] s_crcTable = BuildCrcTable();

    /// <summary>Every scalar in the <c>events.out.tfevents.*</c> files under <paramref name="directory"/> (recursively), in file then record order.</summary>
    /// <param name="directory">A TensorBoard log folder.</param>
    /// <returns>(step, tag, value) of each scalar.</returns>
    /// <exception cref="InvalidDataException">A record is truncated or a checksum does not match.</exception>
    public static IReadOnlyList<(long Step, string Tag, float Value)> ReadScalars(string directory)
    {
        var result = new List<(long, string, float)>();
        foreach (var file in Directory.GetFiles(directory, "events.out.tfevents.*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (var record in ReadRecords(File.ReadAllBytes(file)))
            {
                result.AddRange(Scalars(record));
            }
        }

        return result;
    }

    /// <summary>The payloads of a TFRecord stream, checking both masked CRC32C checksums of every record.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <returns>The record payloads in order.</returns>
    public static IReadOnlyList<byte[]> ReadRecords(ReadOnlySpan<byte> bytes)
    {
        var records = new List<byte[]>();
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (bytes.Length - offset < 12)
            {
                throw new InvalidDataException($"Truncated record header at byte {offset}.");
            }

            var length = BinaryPrimitives.ReadUInt64LittleEndian(bytes[offset..]);
            if (MaskedCrc32C(bytes.Slice(offset, 8)) != BinaryPrimitives.ReadUInt32LittleEndian(bytes[(offset + 8)..]))
            {
                throw new InvalidDataException($"Length checksum mismatch at byte {offset}.");
            }

            offset += 12;
            if ((ulong)(bytes.Length - offset) < length + 4)
            {
                throw new InvalidDataException($"Truncated record at byte {offset}.");
            }

            var data = bytes.Slice(offset, (int)length);
            if (MaskedCrc32C(data) != BinaryPrimitives.ReadUInt32LittleEndian(bytes[(offset + (int)length)..]))
            {
                throw new InvalidDataException($"Data checksum mismatch at byte {offset}.");
            }

            records.Add(data.ToArray());
            offset += (int)length + 4;
        }

        return records;
    }

    /// <summary>TFRecord's masked CRC32C: the Castagnoli CRC rotated right by 15 bits plus 0xa282ead8.</summary>
    /// <param name="data">The bytes to check.</param>
    /// <returns>The masked checksum.</returns>
    public static uint MaskedCrc32C(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = s_crcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        crc ^= 0xFFFFFFFFu;
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }

    private static IEnumerable<(long, string, float)> Scalars(byte[] eventBytes)
    {
        long step = 0;
        var values = new List<(string, float)>();
        foreach (var (field, _, number, bytes) in Fields(eventBytes))
        {
            if (field == 2)
            {
                step = (long)number;
            }
            else if (field == 5)
            {
                foreach (var (summaryField, _, _, valueBytes) in Fields(bytes))
                {
                    if (summaryField != 1)
                    {
                        continue;
                    }

                    string? tag = null;
                    float? value = null;
                    foreach (var (valueField, wire, raw, payload) in Fields(valueBytes))
                    {
                        if (valueField == 1 && wire == 2)
                        {
                            tag = Encoding.UTF8.GetString(payload);
                        }
                        else if (valueField == 2 && wire == 5)
                        {
                            value = BitConverter.Int32BitsToSingle((int)raw);
                        }
                    }

                    if (tag is not null && value is not null)
                    {
                        values.Add((tag, value.Value));
                    }
                }
            }
        }

        return values.Select(v => (step, v.Item1, v.Item2));
    }

    /// <summary>The fields of a protobuf message: number, wire type, the varint/fixed value, the length-delimited bytes.</summary>
    private static List<(int Field, int Wire, ulong Number, byte[] Bytes)> Fields(byte[] message)
    {
        var fields = new List<(int, int, ulong, byte[])>();
        var offset = 0;
        while (offset < message.Length)
        {
            var key = Varint(message, ref offset);
            var field = (int)(key >> 3);
            var wire = (int)(key & 7);
            switch (wire)
            {
                case 0:
                    fields.Add((field, wire, Varint(message, ref offset), []));
                    break;
                case 1:
                    fields.Add((field, wire, BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(offset)), []));
                    offset += 8;
                    break;
                case 2:
                    var length = (int)Varint(message, ref offset);
                    fields.Add((field, wire, 0, message.AsSpan(offset, length).ToArray()));
                    offset += length;
                    break;
                case 5:
                    fields.Add((field, wire, BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(offset)), []));
                    offset += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {wire} at byte {offset}.");
            }
        }

        return fields;
    }

    private static ulong Varint(byte[] bytes, ref int offset)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = bytes[offset++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("Malformed varint.");
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var i = 0u; i < 256; i++)
        {
            var crc = i;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }

            table[i] = crc;
        }

        return table;
    }
}
