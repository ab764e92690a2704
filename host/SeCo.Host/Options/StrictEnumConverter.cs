using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SeCo.Host.Options;

/// <summary>One enum type of <see cref="StrictEnumConverterFactory"/>: exact JSON names in, the same names out.</summary>
/// <typeparam name="TEnum">The enum type.</typeparam>
internal sealed class StrictEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    private readonly JsonConverter<TEnum> _names;
    private readonly Dictionary<string, TEnum> _byName = new(StringComparer.Ordinal);

    /// <param name="names">The <see cref="JsonStringEnumConverter"/>'s converter for <typeparamref name="TEnum"/>: it decides the names.</param>
    /// <param name="options">The options it writes with.</param>
    public StrictEnumConverter(JsonConverter names, JsonSerializerOptions options)
    {
        _names = (JsonConverter<TEnum>)names;
        foreach (var value in Enum.GetValues<TEnum>())
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                _names.Write(writer, value, options);
            }

            _byName.TryAdd(JsonSerializer.Deserialize<string>(Encoding.UTF8.GetString(buffer.ToArray()))!, value);
        }
    }

    /// <inheritdoc />
    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected one of {string.Join("|", _byName.Keys)} as a string.");
        }

        return Lookup(reader.GetString()!);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) => _names.Write(writer, value, options);

    /// <inheritdoc />
    public override TEnum ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Lookup(reader.GetString()!);

    /// <inheritdoc />
    public override void WriteAsPropertyName(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
        _names.WriteAsPropertyName(writer, value, options);

    private TEnum Lookup(string text) => _byName.TryGetValue(text, out var value)
        ? value
        : throw new JsonException($"'{text}' is not one of {string.Join("|", _byName.Keys)} (enum names are case-sensitive).");
}
