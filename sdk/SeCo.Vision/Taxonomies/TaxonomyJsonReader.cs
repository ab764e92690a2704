using System.Text.Json;
using SeCo.Sdk.Errors;

namespace SeCo.Vision.Taxonomies;

/// <summary>Reads the <c>taxonomy</c> value of <c>pipeline.json</c> (a built-in name or an object declaring classes).</summary>
internal static class TaxonomyJsonReader
{
    public static Taxonomy Read(JsonElement element, string jsonPath)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Taxonomy.FromName(element.GetString()!, At(jsonPath));
            case JsonValueKind.Object:
                return ReadObject(element, jsonPath);
            case JsonValueKind.Undefined or JsonValueKind.Null:
                throw new SeCoInputException(At(jsonPath),
                    $"No taxonomy is given; expected a name ({string.Join(", ", Taxonomy.BuiltInNames)}) or an object declaring the classes.");
            default:
                throw new SeCoInputException(At(jsonPath),
                    $"The taxonomy is a JSON {element.ValueKind}; expected a name ({string.Join(", ", Taxonomy.BuiltInNames)}) or an object declaring the classes.");
        }
    }

    private static Taxonomy ReadObject(JsonElement element, string jsonPath)
    {
        string? name = null;
        JsonElement? classes = null;
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "name":
                    name = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                    if (string.IsNullOrWhiteSpace(name))
                    {
                        throw new SeCoInputException(At($"{jsonPath}.name"), "The taxonomy name must be a non-empty string.");
                    }

                    break;
                case "classes":
                    classes = property.Value;
                    break;
                default:
                    throw new SeCoInputException(At($"{jsonPath}.{property.Name}"),
                        $"Unknown taxonomy property '{property.Name}'; expected 'name' and 'classes'.");
            }
        }

        if (name is null)
        {
            throw new SeCoInputException(At(jsonPath), "The taxonomy object has no 'name'; expected { \"name\": ..., \"classes\": [...] }.");
        }

        if (classes is null)
        {
            return Taxonomy.FindBuiltIn(name) ?? throw new SeCoInputException(At(jsonPath),
                $"The taxonomy '{name}' is not built in and declares no 'classes'; expected a 'classes' array of {{ \"name\", \"color\", \"thing\" }} objects.");
        }

        if (Taxonomy.FindBuiltIn(name) is not null)
        {
            throw new SeCoInputException(At($"{jsonPath}.name"),
                $"'{name}' is a built-in taxonomy; give a custom taxonomy another name, or use the name alone.");
        }

        var array = classes.Value;
        var classesPath = $"{jsonPath}.classes";
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() is 0 or > Taxonomy.MaxClasses)
        {
            throw new SeCoInputException(At(classesPath), $"'classes' must be an array of 1 to {Taxonomy.MaxClasses} class objects (id 255 is ignore).");
        }

        var result = new List<TaxonomyClass>(array.GetArrayLength());
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in array.EnumerateArray())
        {
            var id = result.Count;
            var itemPath = $"{classesPath}[{id}]";
            var taxonomyClass = ReadClass(item, id, itemPath);
            if (!seen.TryAdd(taxonomyClass.Name, id))
            {
                throw new SeCoInputException(At($"{itemPath}.name"),
                    $"Class name '{taxonomyClass.Name}' is used by classes {seen[taxonomyClass.Name]} and {id}; expected unique names.");
            }

            result.Add(taxonomyClass);
        }

        return new Taxonomy(name, result);
    }

    private static TaxonomyClass ReadClass(JsonElement item, int id, string itemPath)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new SeCoInputException(At(itemPath), "Each class must be an object { \"name\": ..., \"color\": [r, g, b], \"thing\": bool }.");
        }

        string? name = null;
        (byte, byte, byte)? color = null;
        var isThing = false;
        foreach (var property in item.EnumerateObject())
        {
            var path = $"{itemPath}.{property.Name}";
            switch (property.Name)
            {
                case "name":
                    name = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()?.Trim() : null;
                    if (string.IsNullOrEmpty(name))
                    {
                        throw new SeCoInputException(At(path), "The class name must be a non-empty string.");
                    }

                    break;
                case "color":
                    color = ReadColor(property.Value, path);
                    break;
                case "thing":
                    if (property.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        throw new SeCoInputException(At(path), "'thing' must be true or false.");
                    }

                    isThing = property.Value.GetBoolean();
                    break;
                default:
                    throw new SeCoInputException(At(path), $"Unknown class property '{property.Name}'; expected 'name', 'color' and 'thing'.");
            }
        }

        if (name is null)
        {
            throw new SeCoInputException(At(itemPath), "The class has no 'name'.");
        }

        if (color is null)
        {
            throw new SeCoInputException(At(itemPath), $"Class '{name}' has no 'color'; expected \"color\": [r, g, b] with values 0 to 255.");
        }

        return new TaxonomyClass(id, name, color.Value, isThing);
    }

    private static (byte, byte, byte) ReadColor(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 3)
        {
            Span<byte> rgb = stackalloc byte[3];
            var i = 0;
            foreach (var channel in value.EnumerateArray())
            {
                if (channel.ValueKind != JsonValueKind.Number || !channel.TryGetInt32(out var v) || v is < 0 or > 255)
                {
                    break;
                }

                rgb[i++] = (byte)v;
            }

            if (i == 3)
            {
                return (rgb[0], rgb[1], rgb[2]);
            }
        }

        throw new SeCoInputException(At(path), "'color' must be [r, g, b] with three integers 0 to 255.");
    }

    private static InputLocation At(string jsonPath) => new(JsonPath: jsonPath);
}
