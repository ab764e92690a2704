using System.Globalization;
using System.Text;

namespace SeCo.Vision.Regions;

/// <summary>
/// Writes JSON exactly as Python's <c>json.dump(obj, f, indent=2)</c>: one element per line, <c>", "</c>-free
/// separators (<c>","</c> and <c>": "</c>), <c>[]</c>/<c>{}</c> for empty containers, <c>ensure_ascii</c>
/// escaping and <c>float.__repr__</c> numbers.
/// </summary>
internal sealed class PythonJsonWriter
{
    private readonly StringBuilder _text;
    private readonly List<int> _counts = [];
    private bool _afterKey;

    public PythonJsonWriter(StringBuilder text) => _text = text;

    public void StartArray() => Start('[');

    public void EndArray() => End(']');

    public void StartObject() => Start('{');

    public void EndObject() => End('}');

    public void Key(string name)
    {
        BeforeValue();
        WriteString(name);
        _text.Append(": ");
        _afterKey = true;
    }

    public void Int(long value)
    {
        BeforeValue();
        _text.Append(value.ToString(CultureInfo.InvariantCulture));
    }

    public void Float(double value)
    {
        BeforeValue();
        _text.Append(PythonFloat.Repr(value));
    }

    public void String(string value)
    {
        BeforeValue();
        WriteString(value);
    }

    private void Start(char open)
    {
        BeforeValue();
        _text.Append(open);
        _counts.Add(0);
    }

    private void End(char close)
    {
        var count = _counts[^1];
        _counts.RemoveAt(_counts.Count - 1);
        if (count > 0)
        {
            NewLine();
        }

        _text.Append(close);
    }

    private void BeforeValue()
    {
        if (_afterKey)
        {
            _afterKey = false;
            return;
        }

        if (_counts.Count == 0)
        {
            return;
        }

        if (_counts[^1]++ > 0)
        {
            _text.Append(',');
        }

        NewLine();
    }

    private void NewLine() => _text.Append('\n').Append(' ', 2 * _counts.Count);

    private void WriteString(string value)
    {
        _text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': _text.Append("\\\""); break;
                case '\\': _text.Append("\\\\"); break;
                case '\n': _text.Append("\\n"); break;
                case '\r': _text.Append("\\r"); break;
                case '\t': _text.Append("\\t"); break;
                case '\b': _text.Append("\\b"); break;
                case '\f': _text.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e)
                    {
                        _text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        _text.Append(c);
                    }

                    break;
            }
        }

        _text.Append('"');
    }
}
