using System.Buffers.Binary;
using System.Collections;
using System.Globalization;
using System.Text;
using static TorchSharp.torch;

namespace SeCo.Vision.Checkpoints;

/// <summary>
/// Writes the protocol-2 pickle of a <c>torch.save</c>d object tree with the opcodes PyTorch itself emits:
/// dicts (<c>collections.OrderedDict</c> for a <see cref="PickleDict"/> marked as one), lists, tuples,
/// strings, integers, floats, booleans, <c>None</c>, bytes, and tensors as <c>torch._utils._rebuild_tensor_v2</c>
/// reductions over persistent-id storages.
/// </summary>
/// <remarks>
/// Accepted values: <see langword="null"/>, <see cref="bool"/>, the integer types, <see cref="float"/>,
/// <see cref="double"/>, <see cref="string"/>, <see cref="byte"/>[], <see cref="Tensor"/>, <see cref="PickleDict"/>,
/// <see cref="PickleTuple"/>, any <see cref="IDictionary"/> (a Python <c>dict</c>, keys in enumeration order) and any
/// other <see cref="IList"/> (a Python <c>list</c>).
/// </remarks>
internal sealed class PickleWriter
{
    /// <summary>Deeper trees are refused (they are cycles or mistakes, never checkpoints).</summary>
    private const int MaxDepth = 64;

    private readonly MemoryStream _buffer = new();
    private readonly Dictionary<string, int> _globals = new(StringComparer.Ordinal);
    private readonly Func<Tensor, TensorRecord> _register;
    private int _memo;

    private PickleWriter(Func<Tensor, TensorRecord> register)
    {
        _register = register;
    }

    /// <summary>How one tensor is stored: its storage key and type, the storage's numel, the tensor's shape and strides.</summary>
    public sealed record TensorRecord(string StorageKey, string StorageType, long StorageNumel, long[] Shape, long[] Stride);

    /// <summary>The pickle bytes of <paramref name="root"/>.</summary>
    /// <param name="root">The object tree.</param>
    /// <param name="register">Called for every tensor met (in pickle order); says where its data will be stored.</param>
    /// <exception cref="ArgumentException">The tree holds a value that has no pickle form here, or is too deep.</exception>
    public static byte[] Write(object? root, Func<Tensor, TensorRecord> register)
    {
        ArgumentNullException.ThrowIfNull(register);
        var writer = new PickleWriter(register);
        writer.Op(0x80);
        writer.Op(2);
        writer.Value(root, "root", depth: 0);
        writer.Op('.');
        return writer._buffer.ToArray();
    }

    /// <summary>The decimal storage key PyTorch uses for the <paramref name="index"/>-th storage.</summary>
    public static string StorageKey(int index) => index.ToString(CultureInfo.InvariantCulture);

    private void Value(object? value, string where, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"The checkpoint tree is deeper than {MaxDepth} levels at {where} (a cycle?).", nameof(value));
        }

        switch (value)
        {
            case null:
                Op('N');
                return;
            case bool flag:
                Op(flag ? (byte)0x88 : (byte)0x89);
                return;
            case sbyte or byte or short or ushort or int or uint or long:
                Int(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                return;
            case ulong number:
                Int(number <= long.MaxValue
                    ? (long)number
                    : throw new ArgumentException($"The integer {number} at {where} does not fit 64 signed bits.", nameof(value)));
                return;
            case float number:
                Float(number);
                return;
            case double number:
                Float(number);
                return;
            case string text:
                String(text);
                return;
            case byte[] bytes:
                Bytes(bytes);
                return;
            case Tensor tensor:
                RebuildTensor(tensor);
                return;
            case PickleTuple tuple:
                Tuple(tuple, where, depth);
                return;
            case PickleDict dict:
                Dict(dict.IsOrderedDict, dict, where, depth);
                return;
            case IDictionary dict:
                Dict(isOrdered: false, Entries(dict), where, depth);
                return;
            case IList list:
                List(list, where, depth);
                return;
            default:
                throw new ArgumentException($"The value at {where} is a {value.GetType().Name}, which cannot be written to a checkpoint.", nameof(value));
        }
    }

    private static IEnumerable<KeyValuePair<object, object?>> Entries(IDictionary dict)
    {
        var enumerator = dict.GetEnumerator();
        while (enumerator.MoveNext())
        {
            yield return new KeyValuePair<object, object?>(enumerator.Key, enumerator.Value);
        }
    }

    private void Dict(bool isOrdered, IEnumerable<KeyValuePair<object, object?>> entries, string where, int depth)
    {
        if (isOrdered)
        {
            Global("collections", "OrderedDict");
            Op(')');
            Op('R');
        }
        else
        {
            Op('}');
        }

        Op('(');
        foreach (var (key, item) in entries)
        {
            if (key is not (string or sbyte or byte or short or ushort or int or uint or long or bool or double or float or PickleTuple))
            {
                throw new ArgumentException($"A key at {where} is a {key.GetType().Name}; dict keys must be strings, numbers, booleans or tuples.", nameof(entries));
            }

            var path = $"{where}[{key}]";
            Value(key, path, depth + 1);
            Value(item, path, depth + 1);
        }

        Op('u');
    }

    private void List(IList list, string where, int depth)
    {
        Op(']');
        if (list.Count == 0)
        {
            return;
        }

        Op('(');
        for (var i = 0; i < list.Count; i++)
        {
            Value(list[i], $"{where}[{i}]", depth + 1);
        }

        Op('e');
    }

    private void Tuple(PickleTuple tuple, string where, int depth)
    {
        if (tuple.Count == 0)
        {
            Op(')');
            return;
        }

        Op('(');
        for (var i = 0; i < tuple.Count; i++)
        {
            Value(tuple[i], $"{where}[{i}]", depth + 1);
        }

        Op('t');
    }

    private void RebuildTensor(Tensor tensor)
    {
        var record = _register(tensor);
        Global("torch._utils", "_rebuild_tensor_v2");
        Op('(');
        Op('(');
        String("storage");
        Global("torch", record.StorageType);
        String(record.StorageKey);
        String("cpu");
        Int(record.StorageNumel);
        Op('t');
        Op('Q');
        Int(0);
        Tuple(record.Shape);
        Tuple(record.Stride);
        Op(0x89);
        Global("collections", "OrderedDict");
        Op(')');
        Op('R');
        Op('t');
        Op('R');
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

    private void Bytes(byte[] value)
    {
        Span<byte> length = stackalloc byte[4];
        if (value.Length < 256)
        {
            Op('C');
            Op((byte)value.Length);
        }
        else
        {
            Op('B');
            BinaryPrimitives.WriteInt32LittleEndian(length, value.Length);
            _buffer.Write(length);
        }

        _buffer.Write(value);
    }

    private void Float(double value)
    {
        // BINFLOAT: an IEEE double, big-endian.
        Op('G');
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(bytes, value);
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
}
