using System.Text;
using System.Text.Json;

namespace SeCo.Host.Pipelines;

/// <summary>
/// Maps every JSON path of a document to the line and column of its value and of its property name.
/// <see cref="JsonDocument"/> keeps no positions, so this walks the bytes once with a
/// <see cref="Utf8JsonReader"/> and records each token's byte offset.
/// </summary>
internal sealed class JsonSourceMap
{
    // Byte offsets; positions are computed only for the paths an error asks for, so building the map stays
    // linear even for a pipeline on one long line.
    private readonly Dictionary<string, long> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _keys = new(StringComparer.Ordinal);
    private readonly byte[] _utf8;
    private readonly List<int> _lineStarts = [0];

    private JsonSourceMap(byte[] utf8)
    {
        _utf8 = utf8;
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    /// <summary>The reader options every pipeline is read with: comments and trailing commas allowed.</summary>
    public static JsonReaderOptions ReaderOptions { get; } = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Properties that appear twice in one object (the second occurrence), as errors.</summary>
    public List<ValidationError> DuplicateKeys { get; } = [];

    /// <summary>Builds the map; returns null and a positioned error when the text is not valid JSON.</summary>
    public static JsonSourceMap? Build(byte[] utf8, out ValidationError? syntaxError)
    {
        var map = new JsonSourceMap(utf8);
        syntaxError = null;
        // The reader only checks UTF-8 where it decodes (a property name throws a non-JSON exception), so check it all first.
        if (FirstInvalidUtf8(utf8) is { } invalid)
        {
            var at = map.PositionOf(invalid);
            syntaxError = new ValidationError(JsonPathText.Root, at.Line, at.Column, $"The file is not valid UTF-8: byte 0x{utf8[invalid]:X2} cannot start or continue a character. Save it as UTF-8.");
            return null;
        }

        try
        {
            map.Walk();
            return map;
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            syntaxError = new ValidationError(JsonPathText.Root, line, column, $"The file is not valid JSON: {CleanMessage(ex.Message)}");
            return null;
        }
    }

    /// <summary>The offset of the first byte that is not part of valid UTF-8, or null.</summary>
    private static int? FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        var offset = 0;
        while (offset < utf8.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return null;
    }

    /// <summary>Position of the value at <paramref name="path"/>, or null.</summary>
    public SourcePosition? ValueAt(string path) => _values.TryGetValue(path, out var p) ? PositionOf(p) : null;

    /// <summary>Position of the property name whose value is at <paramref name="path"/>, falling back to the value.</summary>
    public SourcePosition? KeyAt(string path) => _keys.TryGetValue(path, out var p) ? PositionOf(p) : ValueAt(path);

    /// <summary>Strips the path/line suffix System.Text.Json appends to its messages.</summary>
    public static string CleanMessage(string message)
    {
        foreach (var marker in new[] { " Path: ", " LineNumber: ", " | LineNumber" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut >= 0)
            {
                message = message[..cut];
            }
        }

        return message.Trim();
    }

    private void Walk()
    {
        var reader = new Utf8JsonReader(_utf8, ReaderOptions);
        var stack = new Stack<Frame>();
        while (reader.Read())
        {
            var position = reader.TokenStartIndex;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                {
                    var frame = stack.Peek();
                    var name = reader.GetString()!;
                    frame.PendingProperty = name;
                    var path = JsonPathText.Property(frame.Path, name);
                    if (!frame.Seen.Add(name))
                    {
                        var at = PositionOf(position);
                        DuplicateKeys.Add(new ValidationError(path, at.Line, at.Column,
                            $"Property '{name}' appears twice in the same object; keep one."));
                    }

                    _keys[path] = position;
                    break;
                }

                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                {
                    var path = CurrentPath(stack);
                    _values[path] = position;
                    stack.Push(new Frame(path, reader.TokenType == JsonTokenType.StartArray));
                    break;
                }

                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    stack.Pop();
                    AfterValue(stack);
                    break;

                default:
                    _values[CurrentPath(stack)] = position;
                    AfterValue(stack);
                    break;
            }
        }
    }

    private static string CurrentPath(Stack<Frame> stack)
    {
        if (stack.Count == 0)
        {
            return JsonPathText.Root;
        }

        var top = stack.Peek();
        return top.IsArray ? JsonPathText.Index(top.Path, top.Index) : JsonPathText.Property(top.Path, top.PendingProperty!);
    }

    private static void AfterValue(Stack<Frame> stack)
    {
        if (stack.Count > 0 && stack.Peek().IsArray)
        {
            stack.Peek().Index++;
        }
    }

    private SourcePosition PositionOf(long offset)
    {
        var index = _lineStarts.BinarySearch((int)offset);
        var line = index >= 0 ? index : ~index - 1;
        var start = _lineStarts[line];
        // Columns count characters, not bytes: skip UTF-8 continuation bytes.
        var column = 1;
        for (var i = start; i < offset; i++)
        {
            if ((_utf8[i] & 0xC0) != 0x80)
            {
                column++;
            }
        }

        return new SourcePosition(line + 1, column);
    }

    private sealed class Frame(string path, bool isArray)
    {
        public string Path { get; } = path;

        public bool IsArray { get; } = isArray;

        public int Index { get; set; }

        public string? PendingProperty { get; set; }

        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);
    }
}
