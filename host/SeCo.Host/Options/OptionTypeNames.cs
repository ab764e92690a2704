using System.Text.Json;

namespace SeCo.Host.Options;

/// <summary>Names option types the way a pipeline author thinks of them: integer, number, one of a|b.</summary>
internal static class OptionTypeNames
{
    public static string Describe(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return $"{Describe(inner)} or null";
        }

        if (type.IsEnum)
        {
            return "one of " + string.Join("|", EnumJsonNames(type));
        }

        switch (Type.GetTypeCode(type))
        {
            case TypeCode.Boolean:
                return "boolean";
            case TypeCode.String:
            case TypeCode.Char:
                return "string";
            case TypeCode.Byte:
            case TypeCode.SByte:
            case TypeCode.Int16:
            case TypeCode.UInt16:
            case TypeCode.Int32:
            case TypeCode.UInt32:
            case TypeCode.Int64:
            case TypeCode.UInt64:
                return $"integer ({type.Name})";
            case TypeCode.Single:
            case TypeCode.Double:
            case TypeCode.Decimal:
                return $"number ({type.Name})";
        }

        if (type == typeof(TimeSpan))
        {
            return "duration (\"hh:mm:ss\")";
        }

        var dictionary = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>)));
        if (dictionary is not null)
        {
            return $"map of {Describe(dictionary.GetGenericArguments()[1])}";
        }

        if (type.IsArray)
        {
            return $"array of {Describe(type.GetElementType()!)}";
        }

        var enumerable = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        if (enumerable is not null)
        {
            return $"array of {Describe(enumerable.GetGenericArguments()[0])}";
        }

        return $"object ({type.Name})";
    }

    /// <summary>The names a pipeline writes for <paramref name="enumType"/>'s values: as the options serializer writes them
    /// (camelCase, or the <c>[JsonStringEnumMemberName]</c> a member declares), so messages, schema and binding agree.</summary>
    public static IEnumerable<string> EnumJsonNames(Type enumType) =>
        Enum.GetValues(enumType).Cast<object>()
            .Select(value => JsonSerializer.SerializeToNode(value, enumType, OptionsSerializer.Options)!.GetValue<string>());
}
