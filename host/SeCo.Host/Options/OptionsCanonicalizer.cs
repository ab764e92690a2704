using System.Text.Json;
using System.Text.Json.Nodes;

namespace SeCo.Host.Options;

/// <summary>
/// The canonical JSON of bound options: the options object re-serialised (so every default is
/// written out) with object keys sorted. Writing a default explicitly, reordering keys, or writing
/// <c>1.0</c> for <c>1</c> gives the same text, and so the same cache fingerprint.
/// </summary>
internal static class OptionsCanonicalizer
{
    public static string Canonicalize(object options)
    {
        var node = JsonSerializer.SerializeToNode(options, options.GetType(), OptionsSerializer.Options);
        return Sort(node)?.ToJsonString() ?? "null";
    }

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sort(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Sort).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };
}
