using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SeCo.Host.Schema;

/// <summary>
/// Writes generated JSON and Markdown the same way on every machine: two-space indentation, <c>\n</c> line
/// endings, non-ASCII text unescaped, UTF-8 without a byte order mark, one newline at the end.
/// </summary>
internal static class SchemaText
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The encoding of generated files.</summary>
    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The JSON text of a node, indented, ending with a newline.</summary>
    public static string Json(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.ToJsonString(s_json) + "\n";
    }

    /// <summary>The text with every line ending as <c>\n</c>.</summary>
    public static string NormalizeNewLines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
}
