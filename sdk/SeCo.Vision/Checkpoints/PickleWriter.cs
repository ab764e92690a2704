using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace SeCo.Vision.Checkpoints;

/// <summary>
/// Writes the protocol-2 pickle of a <c>torch.save</c>d state dict: an <c>OrderedDict</c> whose values
/// are <c>torch._utils._rebuild_tensor_v2</c> reductions over persistent-id storages, exactly the
/// opcodes PyTorch itself emits for a state dict.
/// </summary>
internal sealed class PickleWriter
{
    private readonly MemoryStream _buffer = new();
    private readonly Dictionary<string, int> _globals = new(StringComparer.Ordinal);
    private int _memo;

    /// <summary>One tensor of the state dict: its name, storage key and type, numel, shape and strides.</summary>
    public sealed record TensorRecord(string Name, string StorageKey, string StorageType, long StorageNumel, long[] Shape, long[] Stride);

    /// <summary>The pickle bytes for a state dict of <paramref name="tensors"/>.</summary>
    public static byte[] StateDict(IEnumerable<TensorRecord> tensors)
    {
        var writer = new PickleWriter();
        writer.Op(0x80);
        writer.Op(2);
        writer.Global("collections", "OrderedDict");
        writer.Op(')');
        writer.Op('R');
        writer.Op('(');
        foreach (var tensor in tensors)
        {
            writer.String(tensor.Name);
            writer.Global("torch._utils", "_rebuild_tensor_v2");
            writer.Op('(');
            writer.Op('(');
            writer.String("storage");
            writer.Global("torch", tensor.StorageType);
            writer.String(tensor.StorageKey);
            writer.String("cpu");
            writer.Int(tensor.StorageNumel);
            writer.Op('t');
            writer.Op('Q');
            writer.Int(0);
            writer.Tuple(tensor.Shape);
            writer.Tuple(tensor.Stride);
            writer.Op(0x89);
            writer.Global("collections", "OrderedDict");
            writer.Op(')');
            writer.Op('R');
            writer.Op('t');
            writer.Op('R');
        }

        writer.Op('u');
        writer.Op('.');
        return writer._buffer.ToArray();
    }

    private void Op(char opcode) => _buffer.WriteByte((byte)opcode);

    private void Op(byte opcode) => _buffer.WriteByte(opcode);

    private void Global(string module, string name)
    {
        var key = $"{module}\n{name}\n";
        if (_globals.TryGetValue(key, out var index))
        {
            Get(index);
            return;
        }

        Op('c');
        _buffer.Write(Encoding.ASCII.GetBytes(key));
        _globals.Add(key, _memo);
        Put(_memo++);
    }

    private void Put(int index)
    {
        if (index < 256)
        {
            Op('q');
            Op((byte)index);
        }
        else
        {
            Op('r');
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(bytes, index);
            _buffer.Write(bytes);
        }
    }

    private void Get(int index)
    {
        if (index < 256)
        {
            Op('h');
            Op((byte)index);
        }
        else
        {
            Op('j');
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(bytes, index);
            _buffer.Write(bytes);
        }
    }

    private void String(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Op('X');
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        _buffer.Write(length);
        _buffer.Write(bytes);
    }

    private void Int(long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        if (value is >= 0 and < 256)
        {
            Op('K');
            Op((byte)value);
        }
        else if (value is >= 0 and < 65536)
        {
            Op('M');
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value);
            _buffer.Write(bytes[..2]);
        }
        else if (value is >= int.MinValue and <= int.MaxValue)
        {
            Op('J');
            BinaryPrimitives.WriteInt32LittleEndian(bytes, (int)value);
            _buffer.Write(bytes[..4]);
        }
        else
        {
            Op(0x8a);
            Op(8);
            BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
            _buffer.Write(bytes);
        }
    }

    private void Tuple(long[] values)
    {
        switch (values.Length)
        {
            case 0:
                Op(')');
                return;
            case 1:
                Int(values[0]);
                Op(0x85);
                return;
            case 2:
                Int(values[0]);
                Int(values[1]);
                Op(0x86);
                return;
            case 3:
                Int(values[0]);
                Int(values[1]);
                Int(values[2]);
                Op(0x87);
                return;
            default:
                Op('(');
                foreach (var value in values)
                {
                    Int(value);
                }

                Op('t');
                return;
        }
    }

    /// <summary>The decimal storage key PyTorch uses for the <paramref name="index"/>-th storage.</summary>
    public static string StorageKey(int index) => index.ToString(CultureInfo.InvariantCulture);
}
