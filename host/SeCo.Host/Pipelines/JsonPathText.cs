using System.Text;

namespace SeCo.Host.Pipelines;

/// <summary>Builds JSON path strings (<c>$.stages[2].with['odd key']</c>) the way every error reports them.</summary>
internal static class JsonPathText
{
    public const string Root = "$";

    public static string Property(string parent, string name) =>
        IsPlainName(name) ? $"{parent}.{name}" : $"{parent}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    /// <summary>Appends a dotted relative path (<c>nested.points</c>) or indexed parts to a parent path.</summary>
    public static string Append(string parent, IEnumerable<object> parts)
    {
        var builder = new StringBuilder(parent);
        foreach (var part in parts)
        {
            var text = builder.ToString();
            builder.Clear();
            builder.Append(part is int index ? Index(text, index) : Property(text, (string)part));
        }

        return builder.ToString();
    }

    private static bool IsPlainName(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
