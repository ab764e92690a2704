using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace SeCo.Host.Options;

/// <summary>
/// The one <see cref="JsonSerializerOptions"/> stage options are bound and written with: camelCase
/// names matched exactly, unknown keys refused, enums as their exact camelCase JSON names (<see cref="StrictEnumConverterFactory"/>),
/// nullable annotations respected.
/// </summary>
internal static class OptionsSerializer
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = false,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            NumberHandling = JsonNumberHandling.Strict,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new StrictEnumConverterFactory());
        options.MakeReadOnly();
        return options;
    }
}
