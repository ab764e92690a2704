using System.Text.Json;
using System.Text.Json.Serialization;

namespace SeCo.Host.Options;

/// <summary>
/// Enums in stage options, by their JSON names only: written as <see cref="JsonStringEnumConverter"/> writes them
/// (camelCase, or the <c>[JsonStringEnumMemberName]</c> a member declares), read back only when the text is exactly one
/// of those names. <see cref="JsonStringEnumConverter"/> itself also reads other spellings (<c>"Gmm"</c>, <c>"GMM"</c>,
/// C# member names), which the schema does not allow; here they fail, so <c>validate</c> and <c>run</c> refuse them
/// with the allowed values, as the schema would.
/// </summary>
internal sealed class StrictEnumConverterFactory : JsonConverterFactory
{
    private readonly JsonStringEnumConverter _names = new(JsonNamingPolicy.CamelCase, allowIntegerValues: false);

    /// <inheritdoc />
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    /// <inheritdoc />
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(StrictEnumConverter<>).MakeGenericType(typeToConvert),
            _names.CreateConverter(typeToConvert, options), options)!;
}
