using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using SeCo.Sdk.Errors;
using static TorchSharp.torch;

namespace SeCo.Vision.Checkpoints;

/// <summary>
/// A safe unpickler for what <c>torch.save</c> writes (protocols 2 to 5). It never imports or calls
/// anything: globals resolve only through the allow-list in <see cref="PickleGlobal"/>, and every
/// other global is refused with a <see cref="SeCoInputException"/> naming it and the file.
/// Python values become .NET values: <c>None</c> → <see langword="null"/>, bool, int → <see cref="long"/>
/// (<see cref="BigInteger"/> beyond 64 bits), float → <see cref="double"/>, str → <see cref="string"/>,
/// bytes → <see cref="byte"/>[], list → <see cref="List{T}"/>, tuple → <see cref="PickleTuple"/>,
/// dict → <see cref="PickleDict"/>, tensors → <see cref="LazyTensor"/>.
/// </summary>
internal sealed class PickleReader
{
    /// <summary>
    /// How deep containers (tuples, lists, dicts, sets, objects) may nest. State dicts nest 2 to 6 levels;
    /// a deeper pickle is refused before anything recurses over it (hashing, printing, walking).
    /// </summary>
    public const int MaxNestingDepth = 100;

    /// <summary>
    /// The most values one tuple may expand to (<see cref="PickleTuple.Size"/>): tuples compare and hash by
    /// value, and a pickle can nest one memoized tuple in itself many times over.
    /// </summary>
    public const long MaxTupleSize = 1 << 20;

    private readonly Stream _stream;
    private readonly string _path;
    private readonly StorageCache? _storages;
    private readonly long _limit;
    private readonly List<object?> _stack = new();
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = new();

    /// <param name="stream">The pickle, positioned at its first opcode; left positioned after STOP.</param>
    /// <param name="path">The file, for error messages.</param>
    /// <param name="storages">Where tensors find their storages; <see langword="null"/> refuses persistent ids.</param>
    public PickleReader(Stream stream, string path, StorageCache? storages)
    {
        _stream = stream;
        _path = path;
        _storages = storages;
        _limit = stream.CanSeek ? stream.Length : long.MaxValue;
    }

    /// <summary>Reads one pickle up to its STOP opcode.</summary>
    public object? Load()
    {
        try
        {
            return Run();
        }
        catch (EndOfStreamException ex)
        {
            throw new SeCoInputException(_path, "The pickle ends before its STOP opcode. The file is truncated or corrupt.", ex);
        }
        catch (OverflowException ex)
        {
            throw new SeCoInputException(_path, $"The pickle holds a size or offset too large to be real ({ex.Message}). The file is corrupt.", ex);
        }
        catch (InvalidCastException ex)
        {
            throw new SeCoInputException(_path, $"The pickle has an unexpected structure ({ex.Message}). The file is corrupt or was not written by torch.save.", ex);
        }
        catch (InvalidOperationException ex) when (ex is not ObjectDisposedException)
        {
            throw new SeCoInputException(_path, $"The pickle is malformed ({ex.Message}). The file is corrupt or was not written by torch.save.", ex);
        }
    }

    private object? Run()
    {
        while (true)
        {
            var opcode = ReadByte();
            switch (opcode)
            {
                case 0x80: // PROTO
                    var protocol = ReadByte();
                    if (protocol > 5)
                    {
                        throw Error($"it uses pickle protocol {protocol}; protocols up to 5 are supported");
                    }

                    break;
                case 0x95: // FRAME
                    ReadBytes(8);
                    break;
                case (byte)'.': // STOP
                    var result = Pop();
                    if (_stack.Count != 0 || _marks.Count != 0)
                    {
                        throw Error("values are left on the stack at STOP");
                    }

                    CheckNesting(result);
                    return result;
                case (byte)'(': // MARK
                    _marks.Push(_stack.Count);
                    break;
                case (byte)'}': // EMPTY_DICT
                    Push(new PickleDict());
                    break;
                case (byte)']': // EMPTY_LIST
                    Push(new List<object?>());
                    break;
                case (byte)')': // EMPTY_TUPLE
                    Push(PickleTuple.Empty);
                    break;
                case 0x8f: // EMPTY_SET
                    Push(new HashSet<object?>());
                    break;
                case (byte)'N':
                    Push(null);
                    break;
                case 0x88:
                    Push(true);
                    break;
                case 0x89:
                    Push(false);
                    break;
                case (byte)'K': // BININT1
                    Push((long)ReadByte());
                    break;
                case (byte)'M': // BININT2
                    Push((long)BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2)));
                    break;
                case (byte)'J': // BININT
                    Push((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4)));
                    break;
                case 0x8a: // LONG1
                    Push(ReadLong(ReadByte()));
                    break;
                case 0x8b: // LONG4
                    Push(ReadLong(CheckLength(BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4)))));
                    break;
                case (byte)'G': // BINFLOAT
                    Push(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8)));
                    break;
                case (byte)'X': // BINUNICODE
                    Push(Encoding.UTF8.GetString(ReadBytes(CheckLength(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))))));
                    break;
                case 0x8c: // SHORT_BINUNICODE
                    Push(Encoding.UTF8.GetString(ReadBytes(ReadByte())));
                    break;
                case 0x8d: // BINUNICODE8
                    Push(Encoding.UTF8.GetString(ReadBytes(CheckLength(BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8))))));
                    break;
                case (byte)'T': // BINSTRING (Python 2 str)
                    Push(Encoding.Latin1.GetString(ReadBytes(CheckLength(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))))));
                    break;
                case (byte)'U': // SHORT_BINSTRING
                    Push(Encoding.Latin1.GetString(ReadBytes(ReadByte())));
                    break;
                case (byte)'C': // SHORT_BINBYTES
                    Push(ReadBytes(ReadByte()));
                    break;
                case (byte)'B': // BINBYTES
                    Push(ReadBytes(CheckLength(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)))));
                    break;
                case 0x8e: // BINBYTES8
                    Push(ReadBytes(CheckLength(BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8)))));
                    break;
                case 0x96: // BYTEARRAY8
                    Push(ReadBytes(CheckLength(BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8)))));
                    break;
                case (byte)'q': // BINPUT
                    _memo[ReadByte()] = Peek();
                    break;
                case (byte)'r': // LONG_BINPUT
                    _memo[BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))] = Peek();
                    break;
                case 0x94: // MEMOIZE
                    _memo[_memo.Count] = Peek();
                    break;
                case (byte)'h': // BINGET
                    Push(MemoGet(ReadByte()));
                    break;
                case (byte)'j': // LONG_BINGET
                    Push(MemoGet(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))));
                    break;
                case (byte)'0': // POP
                    if (_marks.Count > 0 && _marks.Peek() == _stack.Count)
                    {
                        _marks.Pop();
                    }
                    else
                    {
                        Pop();
                    }

                    break;
                case (byte)'1': // POP_MARK
                    PopMark();
                    break;
                case (byte)'2': // DUP
                    Push(Peek());
                    break;
                case 0x85: // TUPLE1
                    Push(Tuple(Pop()));
                    break;
                case 0x86: // TUPLE2
                {
                    var b = Pop();
                    var a = Pop();
                    Push(Tuple(a, b));
                    break;
                }

                case 0x87: // TUPLE3
                {
                    var c = Pop();
                    var b = Pop();
                    var a = Pop();
                    Push(Tuple(a, b, c));
                    break;
                }

                case (byte)'t': // TUPLE
                    Push(Tuple(PopMark()));
                    break;
                case (byte)'l': // LIST
                    Push(new List<object?>(PopMark()));
                    break;
                case (byte)'d': // DICT
                {
                    var items = PopMark();
                    var dict = new PickleDict();
                    SetItems(dict, items);
                    Push(dict);
                    break;
                }

                case 0x91: // FROZENSET
                    Push(new HashSet<object?>(PopMark()));
                    break;
                case (byte)'a': // APPEND
                {
                    var value = Pop();
                    AsList(Peek()).Add(value);
                    break;
                }

                case (byte)'e': // APPENDS
                {
                    var items = PopMark();
                    AsList(Peek()).AddRange(items);
                    break;
                }

                case 0x90: // ADDITEMS
                {
                    var items = PopMark();
                    var set = Peek() as HashSet<object?> ?? throw Error("ADDITEMS applies to a non-set");
                    foreach (var item in items)
                    {
                        set.Add(item);
                    }

                    break;
                }

                case (byte)'s': // SETITEM
                {
                    var value = Pop();
                    var key = Pop();
                    SetItems(AsDict(Peek()), [key, value]);
                    break;
                }

                case (byte)'u': // SETITEMS
                {
                    var items = PopMark();
                    SetItems(AsDict(Peek()), items);
                    break;
                }

                case (byte)'c': // GLOBAL
                {
                    var module = ReadLine();
                    var name = ReadLine();
                    Push(ResolveGlobal(module, name));
                    break;
                }

                case 0x93: // STACK_GLOBAL
                {
                    var name = Pop() as string ?? throw Error("STACK_GLOBAL needs a string name");
                    var module = Pop() as string ?? throw Error("STACK_GLOBAL needs a string module");
                    Push(ResolveGlobal(module, name));
                    break;
                }

                case (byte)'R': // REDUCE
                {
                    var args = Pop() as PickleTuple ?? throw Error("REDUCE needs an argument tuple");
                    var callable = Pop() as PickleGlobal ?? throw Error("REDUCE calls something that is not an allowed global");
                    Push(Call(callable, args));
                    break;
                }

                case 0x81: // NEWOBJ
                {
                    var args = Pop() as PickleTuple ?? throw Error("NEWOBJ needs an argument tuple");
                    var type = Pop() as PickleGlobal ?? throw Error("NEWOBJ instantiates something that is not an allowed class");
                    Push(Call(type, args));
                    break;
                }

                case 0x92: // NEWOBJ_EX
                {
                    Pop();
                    var args = Pop() as PickleTuple ?? throw Error("NEWOBJ_EX needs an argument tuple");
                    var type = Pop() as PickleGlobal ?? throw Error("NEWOBJ_EX instantiates something that is not an allowed class");
                    Push(Call(type, args));
                    break;
                }

                case (byte)'b': // BUILD
                {
                    var state = Pop();
                    Build(Peek(), state);
                    break;
                }

                case (byte)'Q': // BINPERSID
                    Push(PersistentLoad(Pop()));
                    break;
                default:
                    throw Error($"it contains pickle opcode 0x{opcode:x2} ('{(opcode is >= 32 and < 127 ? (char)opcode : '?')}') at byte {_stream.Position - 1}, which torch.save does not write");
            }
        }
    }

    private PickleTuple Tuple(params object?[] items)
    {
        var tuple = new PickleTuple(items);
        if (tuple.Depth > MaxNestingDepth)
        {
            throw Error($"tuples nest more than {MaxNestingDepth} levels deep");
        }

        if (tuple.Size > MaxTupleSize)
        {
            throw Error($"a tuple expands to more than {MaxTupleSize} values (shared tuples nested in each other)");
        }

        return tuple;
    }

    /// <summary>
    /// Walks the loaded object graph without recursion and refuses it when containers nest deeper than
    /// <see cref="MaxNestingDepth"/> or a container contains itself, so that no later walk (printing,
    /// hashing, searching, writing) can exhaust the stack. Mutating opcodes (APPEND, SETITEM, BUILD) can
    /// deepen a container after it was nested, which is why this runs on the finished graph.
    /// </summary>
    private void CheckNesting(object? root)
    {
        // Post-order walk; the height of every finished container is kept, so shared containers are walked once.
        var height = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        var onPath = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<NestingFrame>();
        if (root is null || Children(root) is not { } rootChildren)
        {
            return;
        }

        stack.Push(new NestingFrame(root, rootChildren));
        onPath.Add(root);
        while (stack.Count > 0)
        {
            var frame = stack.Peek();
            if (frame.Children.MoveNext())
            {
                var child = frame.Children.Current;
                if (child is null)
                {
                    continue;
                }

                if (height.TryGetValue(child, out var known))
                {
                    frame.Height = Math.Max(frame.Height, known + 1);
                }
                else if (onPath.Contains(child))
                {
                    throw Error("a container contains itself (a reference cycle), which torch.save does not write");
                }
                else if (Children(child) is { } grandChildren)
                {
                    if (stack.Count >= MaxNestingDepth)
                    {
                        throw Error($"containers nest more than {MaxNestingDepth} levels deep");
                    }

                    onPath.Add(child);
                    stack.Push(new NestingFrame(child, grandChildren));
                }

                continue;
            }

            stack.Pop();
            onPath.Remove(frame.Node);
            frame.Children.Dispose();
            if (frame.Height > MaxNestingDepth)
            {
                throw Error($"containers nest more than {MaxNestingDepth} levels deep");
            }

            height[frame.Node] = frame.Height;
            if (stack.Count > 0)
            {
                stack.Peek().Height = Math.Max(stack.Peek().Height, frame.Height + 1);
            }
        }
    }

    /// <summary>The values a container holds (keys included), or null for a value that holds none.</summary>
    private static IEnumerator<object?>? Children(object? value) => value switch
    {
        PickleTuple tuple => tuple.GetEnumerator(),
        List<object?> list => list.GetEnumerator(),
        HashSet<object?> set => set.GetEnumerator(),
        PickleDict dict => dict.SelectMany(e => new[] { e.Key, e.Value }).Concat(dict.Attributes.Values).GetEnumerator(),
        PickleObject obj => obj.Arguments.Append(obj.State).GetEnumerator(),
        _ => null,
    };

    private PickleGlobal ResolveGlobal(string module, string name)
    {
        var resolved = PickleGlobal.Resolve(module, name);
        if (resolved is not null)
        {
            return resolved;
        }

        var hint = module.StartsWith("torch.nn", StringComparison.Ordinal) || module == "__main__"
            ? " The file pickles a whole Python object (e.g. torch.save(model)); save model.state_dict() instead."
            : " Only plain tensors, state dicts, python scalars, lists/dicts and numpy scalars are loaded.";
        throw new SeCoInputException(_path, $"Refused to load: the pickle references the global '{module}.{name}', which is not on the allow-list of safe checkpoint types. Nothing was executed.{hint}");
    }

    private object? Call(PickleGlobal callable, PickleTuple args)
    {
        switch (callable.Kind)
        {
            case PickleGlobal.GlobalKind.OrderedDict:
            {
                var dict = new PickleDict(isOrderedDict: true);
                if (args.Count == 1 && args[0] is List<object?> pairs)
                {
                    foreach (var pair in pairs)
                    {
                        var tuple = pair as PickleTuple ?? throw Error("OrderedDict expects (key, value) pairs");
                        SetItems(dict, [tuple[0], tuple[1]]);
                    }
                }

                return dict;
            }

            case PickleGlobal.GlobalKind.RebuildTensor:
            case PickleGlobal.GlobalKind.RebuildTensorV2:
                return RebuildTensor(args);
            case PickleGlobal.GlobalKind.RebuildParameter:
            {
                var data = Arg<LazyTensor>(args, 0, callable);
                data.RequiresGrad = args.Count > 1 && args[1] is true;
                return data;
            }

            case PickleGlobal.GlobalKind.RebuildFromTypeV2:
            {
                var function = Arg<PickleGlobal>(args, 0, callable);
                if (function.Kind is not (PickleGlobal.GlobalKind.RebuildTensor or PickleGlobal.GlobalKind.RebuildTensorV2 or PickleGlobal.GlobalKind.RebuildParameter))
                {
                    throw Error($"_rebuild_from_type_v2 calls {function.FullName}");
                }

                Arg<PickleGlobal>(args, 1, callable);
                return Call(function, Arg<PickleTuple>(args, 2, callable));
            }

            case PickleGlobal.GlobalKind.TorchSize:
                return args.Count == 0 ? PickleTuple.Empty : Arg<PickleTuple>(args, 0, callable);
            case PickleGlobal.GlobalKind.TorchDevice:
                return args.Count switch
                {
                    1 => Convert.ToString(args[0], System.Globalization.CultureInfo.InvariantCulture),
                    2 => $"{args[0]}:{args[1]}",
                    _ => throw Error("torch.device takes one or two arguments"),
                };
            case PickleGlobal.GlobalKind.NumpyDType:
                return new PickleObject("numpy.dtype", args);
            case PickleGlobal.GlobalKind.NumpyScalar:
                return NumpyScalars.Read(args);
            case PickleGlobal.GlobalKind.NumpyReconstruct:
                return new PickleObject("numpy.ndarray", args);
            case PickleGlobal.GlobalKind.CodecsEncode:
            {
                var text = Arg<string>(args, 0, callable);
                var encoding = args.Count > 1 ? args[1] as string : "utf-8";
                return encoding is "latin1" or "latin-1" or "iso-8859-1"
                    ? Encoding.Latin1.GetBytes(text)
                    : Encoding.UTF8.GetBytes(text);
            }

            case PickleGlobal.GlobalKind.Set:
            case PickleGlobal.GlobalKind.FrozenSet:
                return args.Count == 0 ? new HashSet<object?>() : new HashSet<object?>(Arg<IEnumerable<object?>>(args, 0, callable));
            case PickleGlobal.GlobalKind.Opaque:
                return new PickleObject(callable.FullName, args);
            default:
                throw Error($"{callable.FullName} cannot be called");
        }
    }

    private LazyTensor RebuildTensor(PickleTuple args)
    {
        if (args.Count < 4 || args[0] is not StorageReference storage || args[1] is not long offset
            || args[2] is not PickleTuple sizeTuple || args[3] is not PickleTuple strideTuple)
        {
            throw Error("a tensor is rebuilt from something other than (storage, offset, size, stride)");
        }

        var shape = ToLongs(sizeTuple);
        var stride = ToLongs(strideTuple);
        if (shape.Length != stride.Length)
        {
            throw Error($"a tensor has {shape.Length} sizes but {stride.Length} strides");
        }

        long numel = 1;
        long last = offset;
        for (var i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0 || stride[i] < 0)
            {
                throw Error($"a tensor has a negative size or stride ({sizeTuple} / {strideTuple})");
            }

            numel = checked(numel * shape[i]);
            last = checked(last + ((shape[i] - 1) * stride[i]));
        }

        if (offset < 0 || (numel > 0 && last >= storage.Numel))
        {
            throw new SeCoInputException(_path, $"A tensor of shape {sizeTuple} with strides {strideTuple} at offset {offset} reaches beyond its storage '{storage.Key}' of {storage.Numel} elements. The checkpoint is corrupt.");
        }

        var tensor = new LazyTensor(_storages!, storage, offset, shape, stride);
        if (args.Count > 4 && args[4] is true)
        {
            tensor.RequiresGrad = true;
        }

        return tensor;
    }

    private StorageReference PersistentLoad(object? pid)
    {
        if (_storages is null)
        {
            throw Error("a persistent id appears where no storages are expected");
        }

        if (pid is not PickleTuple tuple || tuple.Count < 5 || tuple[0] is not "storage"
            || tuple[1] is not PickleGlobal { Kind: PickleGlobal.GlobalKind.StorageClass, StorageType: { } type }
            || tuple[2] is not string key || tuple[4] is not long numel || numel < 0)
        {
            throw Error($"unsupported persistent id {pid}; expected ('storage', torch.<Type>Storage, key, location, numel)");
        }

        var location = tuple[3] as string ?? "cpu";
        if (tuple.Count > 5 && tuple[5] is PickleTuple view)
        {
            if (view.Count != 3 || view[0] is not string || view[1] is not long viewOffset || view[2] is not long viewSize
                || viewOffset < 0 || viewSize < 0 || viewOffset + viewSize > numel)
            {
                throw Error($"unsupported legacy storage view {view}");
            }

            return new StorageReference(key, type, viewSize, location, viewOffset, numel);
        }

        return new StorageReference(key, type, numel, location, 0, numel);
    }

    private void Build(object? target, object? state)
    {
        switch (target)
        {
            case PickleDict dict:
                IEnumerable<object?> parts = state is PickleTuple slots ? slots : new[] { state };
                foreach (var part in parts)
                {
                    if (part is PickleDict attributes)
                    {
                        foreach (var (key, value) in attributes)
                        {
                            dict.Attributes[key as string ?? throw Error("an attribute name is not a string")] = value;
                        }
                    }
                }

                break;
            case PickleObject obj:
                obj.State = state;
                break;
            case LazyTensor:
                break;
            default:
                throw Error($"BUILD sets state on {target?.GetType().Name ?? "None"}, which is not an allowed object");
        }
    }

    private void SetItems(PickleDict dict, IReadOnlyList<object?> items)
    {
        if (items.Count % 2 != 0)
        {
            throw Error("SETITEMS has an odd number of items");
        }

        for (var i = 0; i < items.Count; i += 2)
        {
            var key = items[i] ?? throw new SeCoInputException(_path, "A dictionary in the checkpoint has the key None, which is not supported.");
            if (key is List<object?> or PickleDict or HashSet<object?>)
            {
                throw Error("a dictionary key is unhashable");
            }

            dict.Set(key, items[i + 1]);
        }
    }

    private T Arg<T>(PickleTuple args, int index, PickleGlobal callable)
    {
        if (index >= args.Count || args[index] is not T value)
        {
            throw Error($"argument {index} of {callable.FullName} is not a {typeof(T).Name}");
        }

        return value;
    }

    private long[] ToLongs(PickleTuple tuple)
    {
        var result = new long[tuple.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = tuple[i] as long? ?? throw Error($"a tensor size or stride is not an integer: {tuple}");
        }

        return result;
    }

    private static object ReadLongValue(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return 0L;
        }

        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (long)value : value;
    }

    private object ReadLong(int length) => ReadLongValue(ReadBytes(length));

    private List<object?> AsList(object? value) => value as List<object?> ?? throw Error("APPEND applies to a non-list");

    private PickleDict AsDict(object? value) => value as PickleDict ?? throw Error("SETITEM applies to a non-dict");

    private object? MemoGet(long index) =>
        _memo.TryGetValue(index, out var value) ? value : throw Error($"memo entry {index} is read before it is written");

    private void Push(object? value) => _stack.Add(value);

    private object? Peek()
    {
        if (_stack.Count == 0 || (_marks.Count > 0 && _marks.Peek() == _stack.Count))
        {
            throw Error("the stack is empty");
        }

        return _stack[^1];
    }

    private object? Pop()
    {
        var value = Peek();
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object?[] PopMark()
    {
        if (_marks.Count == 0)
        {
            throw Error("an opcode needs a MARK that is missing");
        }

        var start = _marks.Pop();
        var items = _stack.GetRange(start, _stack.Count - start).ToArray();
        _stack.RemoveRange(start, _stack.Count - start);
        return items;
    }

    private int ReadByte()
    {
        var value = _stream.ReadByte();
        if (value < 0)
        {
            throw new EndOfStreamException();
        }

        return value;
    }

    private int CheckLength(ulong length)
    {
        if (length > (ulong)Math.Min(_limit, Array.MaxLength))
        {
            throw Error($"a {length}-byte value does not fit in the pickle");
        }

        return (int)length;
    }

    private int CheckLength(int length) => length < 0 ? throw Error("a negative length") : CheckLength((ulong)length);

    private byte[] ReadBytes(int count)
    {
        var buffer = new byte[count];
        _stream.ReadExactly(buffer);
        return buffer;
    }

    private string ReadLine()
    {
        var bytes = new List<byte>(32);
        while (true)
        {
            var b = ReadByte();
            if (b == '\n')
            {
                return Encoding.UTF8.GetString(bytes.ToArray());
            }

            if (bytes.Count > 1024)
            {
                throw Error("a GLOBAL name is longer than 1024 bytes");
            }

            bytes.Add((byte)b);
        }
    }

    private sealed class NestingFrame(object node, IEnumerator<object?> children)
    {
        public object Node { get; } = node;

        public IEnumerator<object?> Children { get; } = children;

        public int Height { get; set; } = 1;
    }

    private SeCoInputException Error(string what) =>
        new(_path, $"The checkpoint's pickle is not a valid torch.save pickle: {what}.");
}
