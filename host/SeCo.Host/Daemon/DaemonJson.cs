using System.Text.Json;

namespace SeCo.Host.Daemon;

/// <summary>The JSON settings of the daemon's API, events and client: camelCase, nulls left out.</summary>
internal static class DaemonJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
