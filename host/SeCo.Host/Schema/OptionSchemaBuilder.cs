using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using SeCo.Host.Options;
using SeCo.Host.Plugins;

namespace SeCo.Host.Schema;

/// <summary>
/// Builds the JSON Schema of a stage's options type the way <see cref="OptionsBinder"/> binds it: camelCase
/// names, no unknown keys, enums by their JSON names, null only where the binder takes it, defaults read from a
/// default instance, DataAnnotations (<c>[Range]</c>, <c>[Required]</c>, lengths, <c>[RegularExpression]</c>,
/// <c>[AllowedValues]</c>, <c>[DeniedValues]</c>) as schema keywords, and descriptions from the XML docs.
/// </summary>
internal sealed class OptionSchemaBuilder(DocumentationLookup documentation)
{
    private readonly NullabilityInfoContext _nullability = new();
    private readonly HashSet<Type> _building = [];

    /// <summary>The schema of an options object (the stage's <c>with</c>).</summary>
    public JsonObject Build(Type optionsType)
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        var schema = new JsonObject();
        WriteObject(optionsType, nullable: false, schema);
        return schema;
    }

    private void WriteObject(Type type, bool nullable, JsonObject schema)
    {
        schema["type"] = TypeKeyword("object", nullable);
        if (!_building.Add(type))
        {
            // A type that contains itself: the inner occurrence stays an open object.
            return;
        }

        try
        {
            var info = OptionsSerializer.Options.GetTypeInfo(type);
            var defaults = CreateDefault(type);
            var properties = new JsonObject();
            var required = new JsonArray();
            foreach (var property in info.Properties.OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                var clr = property.AttributeProvider as PropertyInfo;
                if (clr is not null && clr.GetIndexParameters().Length > 0)
                {
                    continue;
                }

                var attributes = clr?.GetCustomAttributes<ValidationAttribute>(inherit: true).ToArray() ?? [];
                var requiredAttribute = attributes.OfType<RequiredAttribute>().FirstOrDefault();
                var propertySchema = new JsonObject();
                if (clr is not null && documentation.SummaryOf(clr) is { } summary)
                {
                    propertySchema["description"] = summary;
                }

                var nullability = clr is null ? null : _nullability.Create(clr);
                var allowsNull = requiredAttribute is null && AllowsNull(property);
                WriteType(property.PropertyType, allowsNull, nullability, propertySchema);
                Constrain(propertySchema, property.PropertyType, attributes);

                var isRequired = property.IsRequired;
                if (defaults is not null && clr is not null)
                {
                    var value = clr.GetValue(defaults);
                    propertySchema["default"] = JsonSerializer.SerializeToNode(value, property.PropertyType, OptionsSerializer.Options);
                    isRequired |= requiredAttribute is not null && !requiredAttribute.IsValid(value);
                }
                else
                {
                    isRequired |= requiredAttribute is not null;
                }

                if (isRequired)
                {
                    propertySchema.Remove("default");
                    required.Add(property.Name);
                }

                properties[property.Name] = propertySchema;
            }

            schema["properties"] = properties;
            if (required.Count > 0)
            {
                schema["required"] = required;
            }

            schema["additionalProperties"] = false;
        }
        finally
        {
            _building.Remove(type);
        }
    }

    private void WriteType(Type type, bool nullable, NullabilityInfo? nullability, JsonObject schema)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            type = underlying;
            nullable = true;
        }

        if (type == typeof(JsonElement) || type == typeof(JsonDocument) || type == typeof(object) || typeof(JsonNode).IsAssignableFrom(type))
        {
            // Any JSON value: the stage reads it itself.
            return;
        }

        if (type.IsEnum)
        {
            var names = new JsonArray();
            foreach (var value in Enum.GetValues(type))
            {
                names.Add(JsonSerializer.SerializeToNode(value, type, OptionsSerializer.Options));
            }

            if (nullable)
            {
                names.Add(null);
            }

            schema["enum"] = names;
            return;
        }

        if (PrimitiveKeyword(type) is { } primitive)
        {
            schema["type"] = TypeKeyword(primitive, nullable);
            WriteIntegerBounds(type, schema);
            if (type == typeof(char))
            {
                schema["minLength"] = 1;
                schema["maxLength"] = 1;
            }

            return;
        }

        var info = OptionsSerializer.Options.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Dictionary:
            {
                schema["type"] = TypeKeyword("object", nullable);
                var values = new JsonObject();
                WriteType(info.ElementType!, ElementAllowsNull(info.ElementType!, ElementNullability(type, nullability, last: true)), ElementNullability(type, nullability, last: true), values);
                schema["additionalProperties"] = values;
                return;
            }

            case JsonTypeInfoKind.Enumerable:
            {
                schema["type"] = TypeKeyword("array", nullable);
                var items = new JsonObject();
                var elementNullability = ElementNullability(type, nullability, last: false);
                WriteType(info.ElementType!, ElementAllowsNull(info.ElementType!, elementNullability), elementNullability, items);
                schema["items"] = items;
                return;
            }

            case JsonTypeInfoKind.Object:
                WriteObject(type, nullable, schema);
                return;
        }

        // A type with its own converter (TimeSpan, Guid, DateTime, Uri, ...) is written as a string.
        schema["type"] = TypeKeyword("string", nullable);
    }

    private static void Constrain(JsonObject schema, Type propertyType, ValidationAttribute[] attributes)
    {
        var type = Nullable.GetUnderlyingType(propertyType) ?? propertyType;
        var isString = type == typeof(string);
        foreach (var attribute in attributes)
        {
            switch (attribute)
            {
                case RequiredAttribute { AllowEmptyStrings: false } when isString:
                    Tighten(schema, "minLength", 1, larger: true);
                    break;
                case RangeAttribute range:
                    ApplyRange(schema, range);
                    break;
                case StringLengthAttribute stringLength:
                    Tighten(schema, "minLength", stringLength.MinimumLength, larger: true);
                    Tighten(schema, "maxLength", stringLength.MaximumLength, larger: false);
                    break;
                case MinLengthAttribute minLength:
                    Tighten(schema, isString ? "minLength" : "minItems", minLength.Length, larger: true);
                    break;
                case MaxLengthAttribute { Length: >= 0 } maxLength:
                    Tighten(schema, isString ? "maxLength" : "maxItems", maxLength.Length, larger: false);
                    break;
                case LengthAttribute length:
                    Tighten(schema, isString ? "minLength" : "minItems", length.MinimumLength, larger: true);
                    Tighten(schema, isString ? "maxLength" : "maxItems", length.MaximumLength, larger: false);
                    break;
                case RegularExpressionAttribute regex:
                    // DataAnnotations matches the whole value and lets the empty string through.
                    schema["pattern"] = $"^$|^(?:{regex.Pattern})$";
                    break;
                case AllowedValuesAttribute allowed:
                    schema["enum"] = new JsonArray(allowed.Values.Select(ToNode).ToArray());
                    break;
                case DeniedValuesAttribute denied:
                    schema["not"] = new JsonObject { ["enum"] = new JsonArray(denied.Values.Select(ToNode).ToArray()) };
                    break;
            }
        }
    }

    private static void ApplyRange(JsonObject schema, RangeAttribute range)
    {
        if (ToDouble(range.Minimum) is { } minimum)
        {
            if (range.MinimumIsExclusive)
            {
                schema["exclusiveMinimum"] = NumberNode(minimum);
            }
            else
            {
                Tighten(schema, "minimum", minimum, larger: true);
            }
        }

        if (ToDouble(range.Maximum) is { } maximum)
        {
            if (range.MaximumIsExclusive)
            {
                schema["exclusiveMaximum"] = NumberNode(maximum);
            }
            else
            {
                Tighten(schema, "maximum", maximum, larger: false);
            }
        }
    }

    /// <summary>Sets a bound keyword, keeping the tighter of the existing and the new value.</summary>
    private static void Tighten(JsonObject schema, string keyword, double value, bool larger)
    {
        if (schema[keyword] is JsonValue existing
            && double.Parse(existing.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture) is var current
            && (larger ? current >= value : current <= value))
        {
            return;
        }

        schema[keyword] = NumberNode(value);
    }

    private static void WriteIntegerBounds(Type type, JsonObject schema)
    {
        (double Min, double Max)? bounds = Type.GetTypeCode(type) switch
        {
            TypeCode.Byte => (byte.MinValue, byte.MaxValue),
            TypeCode.SByte => (sbyte.MinValue, sbyte.MaxValue),
            TypeCode.Int16 => (short.MinValue, short.MaxValue),
            TypeCode.UInt16 => (ushort.MinValue, ushort.MaxValue),
            TypeCode.Int32 => (int.MinValue, int.MaxValue),
            TypeCode.UInt32 => (uint.MinValue, uint.MaxValue),
            _ => null,
        };
        if (bounds is { } b)
        {
            schema["minimum"] = NumberNode(b.Min);
            schema["maximum"] = NumberNode(b.Max);
        }
        else if (Type.GetTypeCode(type) == TypeCode.UInt64)
        {
            schema["minimum"] = 0;
        }
    }

    private static string? PrimitiveKeyword(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Boolean => "boolean",
        TypeCode.String or TypeCode.Char => "string",
        TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 => "integer",
        TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "number",
        _ => null,
    };

    private static JsonNode TypeKeyword(string type, bool nullable) => nullable ? new JsonArray(type, "null") : JsonValue.Create(type);

    /// <summary>True when the binder takes <c>null</c> for the property (nullable value type or nullable-annotated reference).</summary>
    private static bool AllowsNull(JsonPropertyInfo property) =>
        Nullable.GetUnderlyingType(property.PropertyType) is not null || (!property.PropertyType.IsValueType && property.IsSetNullable);

    private static bool ElementAllowsNull(Type elementType, NullabilityInfo? nullability) =>
        Nullable.GetUnderlyingType(elementType) is not null || (!elementType.IsValueType && nullability?.ReadState == NullabilityState.Nullable);

    /// <summary>The nullability of a collection's element (or a dictionary's value) when the annotations say it.</summary>
    private static NullabilityInfo? ElementNullability(Type collectionType, NullabilityInfo? nullability, bool last)
    {
        if (nullability is null)
        {
            return null;
        }

        if (collectionType.IsArray)
        {
            return nullability.ElementType;
        }

        var arguments = nullability.GenericTypeArguments;
        return arguments.Length == 0 ? null : (last ? arguments[^1] : arguments[0]);
    }

    private static object? CreateDefault(Type type)
    {
        try
        {
            return JsonSerializer.Deserialize("{}", type, OptionsSerializer.Options);
        }
        catch (JsonException)
        {
            // The type has required members: it has no default instance.
            return null;
        }
    }

    private static double? ToDouble(object? value) => value switch
    {
        null => null,
        string text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null,
        IConvertible convertible => convertible.ToDouble(CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>A JSON number: written as an integer when it is one (so <c>1</c>, not <c>1.0</c>).</summary>
    private static JsonValue NumberNode(double value) =>
        value == Math.Floor(value) && Math.Abs(value) <= 9007199254740992d ? JsonValue.Create((long)value) : JsonValue.Create(value);

    private static JsonNode? ToNode(object? value) =>
        value is null ? null : JsonSerializer.SerializeToNode(value, value.GetType(), OptionsSerializer.Options);
}
