using System.Buffers.Binary;
using System.Text;

namespace SeCo.Vision.Checkpoints;

/// <summary>
/// Writes the zip container of a <c>torch.save</c> checkpoint the way PyTorch's own writer does:
/// every record stored uncompressed, its data aligned to 64 bytes with a padding extra field, CRC-32
/// filled in, and zip64 records where an offset or size needs them. Needs a seekable stream (the CRC
/// is patched into each local header after its data is written).
/// </summary>
internal sealed class PthZipWriter
{
    /// <summary>Record data starts at a multiple of this many bytes, as in PyTorch.</summary>
    public const int Alignment = 64;

    private const uint LocalHeaderSignature = 0x04034b50;
    private const uint CentralHeaderSignature = 0x02014b50;
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const ushort PaddingFieldId = 0x4246; // "FB", the id PyTorch's writer uses
    private const ushort Zip64FieldId = 0x0001;
    private const ushort DosDate = (0 << 9) | (1 << 5) | 1; // 1980-01-01

    private readonly Stream _stream;
    private readonly long _zip64Threshold;
    private readonly List<Record> _records = new();

    /// <param name="stream">A seekable, writable stream positioned at 0.</param>
    /// <param name="zip64Threshold">Sizes and offsets at or above this use zip64 fields (0xFFFFFFFF; lower only in tests).</param>
    public PthZipWriter(Stream stream, long zip64Threshold = uint.MaxValue)
    {
        if (!stream.CanSeek || !stream.CanWrite)
        {
            throw new ArgumentException("The checkpoint stream must be seekable and writable.", nameof(stream));
        }

        _stream = stream;
        _zip64Threshold = zip64Threshold;
    }

    /// <summary>Adds a record holding <paramref name="data"/>.</summary>
    public void Add(string name, ReadOnlySpan<byte> data)
    {
        var copy = data.ToArray();
        Add(name, copy.Length, s => s.Write(copy));
    }

    /// <summary>Adds a record of exactly <paramref name="length"/> bytes that <paramref name="write"/> writes.</summary>
    public void Add(string name, long length, Action<Stream> write)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var offset = _stream.Position;
        var zip64 = length >= _zip64Threshold;
        var zip64Length = zip64 ? 4 + 16 : 0;
        var fixedLength = 30 + nameBytes.Length + zip64Length;
        var padding = (int)((Alignment - ((offset + fixedLength + 4) % Alignment)) % Alignment);
        var extraLength = zip64Length + 4 + padding;

        Span<byte> header = stackalloc byte[30];
        BinaryPrimitives.WriteUInt32LittleEndian(header, LocalHeaderSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], zip64 ? (ushort)45 : (ushort)20);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], IsAscii(name) ? (ushort)0 : (ushort)0x0800);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header[12..], DosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[14..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[18..], zip64 ? uint.MaxValue : (uint)length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[22..], zip64 ? uint.MaxValue : (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[26..], (ushort)nameBytes.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[28..], (ushort)extraLength);
        _stream.Write(header);
        _stream.Write(nameBytes);

        var extra = new byte[extraLength];
        var at = 0;
        if (zip64)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(extra, Zip64FieldId);
            BinaryPrimitives.WriteUInt16LittleEndian(extra.AsSpan(2), 16);
            BinaryPrimitives.WriteInt64LittleEndian(extra.AsSpan(4), length);
            BinaryPrimitives.WriteInt64LittleEndian(extra.AsSpan(12), length);
            at = 20;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(extra.AsSpan(at), PaddingFieldId);
        BinaryPrimitives.WriteUInt16LittleEndian(extra.AsSpan(at + 2), (ushort)padding);
        _stream.Write(extra);

        var crcStream = new Crc32WriteStream(_stream);
        write(crcStream);
        if (crcStream.BytesWritten != length)
        {
            throw new InvalidOperationException($"Record '{name}' was declared as {length} bytes but {crcStream.BytesWritten} were written.");
        }

        var end = _stream.Position;
        _stream.Position = offset + 14;
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(crc, crcStream.Crc);
        _stream.Write(crc);
        _stream.Position = end;
        _records.Add(new Record(nameBytes, offset, length, crcStream.Crc));
    }

    /// <summary>Writes the central directory and the end records.</summary>
    public void Finish()
    {
        var directoryStart = _stream.Position;
        foreach (var record in _records)
        {
            WriteCentralHeader(record);
        }

        var directorySize = _stream.Position - directoryStart;
        var needsZip64 = _records.Count >= 0xFFFF || directoryStart >= _zip64Threshold || directorySize >= _zip64Threshold
            || _records.Exists(r => r.Offset >= _zip64Threshold || r.Length >= _zip64Threshold);
        if (needsZip64)
        {
            var zip64End = _stream.Position;
            Span<byte> record = stackalloc byte[56];
            BinaryPrimitives.WriteUInt32LittleEndian(record, Zip64EndSignature);
            BinaryPrimitives.WriteUInt64LittleEndian(record[4..], 44);
            BinaryPrimitives.WriteUInt16LittleEndian(record[12..], 45);
            BinaryPrimitives.WriteUInt16LittleEndian(record[14..], 45);
            BinaryPrimitives.WriteUInt32LittleEndian(record[16..], 0);
            BinaryPrimitives.WriteUInt32LittleEndian(record[20..], 0);
            BinaryPrimitives.WriteUInt64LittleEndian(record[24..], (ulong)_records.Count);
            BinaryPrimitives.WriteUInt64LittleEndian(record[32..], (ulong)_records.Count);
            BinaryPrimitives.WriteUInt64LittleEndian(record[40..], (ulong)directorySize);
            BinaryPrimitives.WriteUInt64LittleEndian(record[48..], (ulong)directoryStart);
            _stream.Write(record);

            Span<byte> locator = stackalloc byte[20];
            BinaryPrimitives.WriteUInt32LittleEndian(locator, Zip64LocatorSignature);
            BinaryPrimitives.WriteUInt32LittleEndian(locator[4..], 0);
            BinaryPrimitives.WriteUInt64LittleEndian(locator[8..], (ulong)zip64End);
            BinaryPrimitives.WriteUInt32LittleEndian(locator[16..], 1);
            _stream.Write(locator);
        }

        Span<byte> end = stackalloc byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, EndSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(end[4..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(end[6..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], needsZip64 ? ushort.MaxValue : (ushort)_records.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], needsZip64 ? ushort.MaxValue : (ushort)_records.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], needsZip64 ? uint.MaxValue : (uint)directorySize);
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], needsZip64 ? uint.MaxValue : (uint)directoryStart);
        BinaryPrimitives.WriteUInt16LittleEndian(end[20..], 0);
        _stream.Write(end);
    }

    private void WriteCentralHeader(Record record)
    {
        var bigLength = record.Length >= _zip64Threshold;
        var bigOffset = record.Offset >= _zip64Threshold;
        var zip64Data = (bigLength ? 16 : 0) + (bigOffset ? 8 : 0);
        var extraLength = zip64Data == 0 ? 0 : 4 + zip64Data;

        Span<byte> header = stackalloc byte[46];
        BinaryPrimitives.WriteUInt32LittleEndian(header, CentralHeaderSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 45);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], zip64Data != 0 ? (ushort)45 : (ushort)20);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], IsAscii(record.Name) ? (ushort)0 : (ushort)0x0800);
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header[12..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header[14..], DosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], record.Crc);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], bigLength ? uint.MaxValue : (uint)record.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], bigLength ? uint.MaxValue : (uint)record.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[28..], (ushort)record.Name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[30..], (ushort)extraLength);
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header[36..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[38..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[42..], bigOffset ? uint.MaxValue : (uint)record.Offset);
        _stream.Write(header);
        _stream.Write(record.Name);
        if (extraLength > 0)
        {
            var extra = new byte[extraLength];
            BinaryPrimitives.WriteUInt16LittleEndian(extra, Zip64FieldId);
            BinaryPrimitives.WriteUInt16LittleEndian(extra.AsSpan(2), (ushort)zip64Data);
            var at = 4;
            if (bigLength)
            {
                BinaryPrimitives.WriteInt64LittleEndian(extra.AsSpan(at), record.Length);
                BinaryPrimitives.WriteInt64LittleEndian(extra.AsSpan(at + 8), record.Length);
                at += 16;
            }

            if (bigOffset)
            {
                BinaryPrimitives.WriteInt64LittleEndian(extra.AsSpan(at), record.Offset);
            }

            _stream.Write(extra);
        }
    }

    private static bool IsAscii(string name) => Ascii.IsValid(name);

    private static bool IsAscii(byte[] name) => Ascii.IsValid(name);

    private sealed record Record(byte[] Name, long Offset, long Length, uint Crc);

    /// <summary>Passes writes through while computing their CRC-32 and counting them.</summary>
    private sealed class Crc32WriteStream : Stream
    {
        private readonly Stream _inner;
        private readonly System.IO.Hashing.Crc32 _crc = new();

        public Crc32WriteStream(Stream inner)
        {
            _inner = inner;
        }

        public uint Crc => _crc.GetCurrentHashAsUInt32();

        public long BytesWritten { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => BytesWritten;
            set => throw new NotSupportedException();
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _crc.Append(buffer);
            BytesWritten += buffer.Length;
            _inner.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush() => _inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
