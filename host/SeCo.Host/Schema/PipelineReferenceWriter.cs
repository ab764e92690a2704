using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SeCo.Host.Plugins;
using SeCo.Sdk.Errors;

namespace SeCo.Host.Schema;

/// <summary>
/// Writes <c>docs/pipeline.md</c>: the hand-written text of the existing document is kept as it is, and the
/// parts between <c>&lt;!-- BEGIN GENERATED fields --&gt;</c> / <c>stages</c> markers and their <c>END</c>
/// markers are rewritten from the generated schema (every top-level and stage-entry field, every stage with its
/// ports and options), so the reference and <c>pipeline.schema.json</c> say the same thing.
/// </summary>
internal static class PipelineReferenceWriter
{
    /// <summary>Where <c>seco docs</c> writes by default, relative to the current folder.</summary>
    public const string DefaultPath = "docs/pipeline.md";

    /// <summary>The generated part listing the top-level and stage-entry fields.</summary>
    public const string FieldsPart = "fields";

    /// <summary>The generated part listing every stage.</summary>
    public const string StagesPart = "stages";

    private const string Skeleton = """
        # pipeline.json reference

        ## Fields

        <!-- BEGIN GENERATED fields -->
        <!-- END GENERATED fields -->

        ## Stages

        <!-- BEGIN GENERATED stages -->
        <!-- END GENERATED stages -->

        """;

    /// <summary>
    /// The document with its generated parts rewritten. <paramref name="existing"/> is the current text, or null
    /// for a new document (a skeleton with both parts).
    /// </summary>
    /// <exception cref="SeCoInputException">The existing document lacks a marker pair.</exception>
    public static string Write(string? existing, string path, JsonObject schema, IReadOnlyCollection<StageDescriptor> stages)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(stages);
        var text = SchemaText.NormalizeNewLines(existing ?? Skeleton.Replace("\r\n", "\n", StringComparison.Ordinal));
        text = Replace(text, path, FieldsPart, Fields(schema));
        text = Replace(text, path, StagesPart, Stages(schema, stages.OrderBy(s => s.Id, StringComparer.Ordinal).ToList()));
        return text;
    }

    /// <summary>The opening marker line of a generated part.</summary>
    public static string BeginMarker(string part) =>
        $"<!-- BEGIN GENERATED {part}: `./seco.sh docs` rewrites everything up to the END marker from the plugins; edit the text outside it. -->";

    /// <summary>The closing marker line of a generated part.</summary>
    public static string EndMarker(string part) => $"<!-- END GENERATED {part} -->";

    private static string Replace(string text, string path, string part, string content)
    {
        var beginPrefix = $"<!-- BEGIN GENERATED {part}";
        var endLine = EndMarker(part);
        var lines = text.Split('\n');
        var begin = Array.FindIndex(lines, l => l.StartsWith(beginPrefix, StringComparison.Ordinal));
        var end = begin < 0 ? -1 : Array.FindIndex(lines, begin + 1, l => l.TrimEnd() == endLine);
        if (begin < 0 || end < 0)
        {
            throw new SeCoInputException(path,
                $"The document has no generated part '{part}': expected a line starting with \"{beginPrefix}\" and, after it, the line \"{endLine}\". `seco docs` rewrites what lies between them.");
        }

        var builder = new StringBuilder();
        for (var i = 0; i < begin; i++)
        {
            builder.Append(lines[i]).Append('\n');
        }

        builder.Append(BeginMarker(part)).Append("\n\n").Append(content.TrimEnd('\n')).Append("\n\n").Append(endLine);
        for (var i = end + 1; i < lines.Length; i++)
        {
            builder.Append('\n').Append(lines[i]);
        }

        return builder.ToString();
    }

    private static string Fields(JsonObject schema)
    {
        var builder = new StringBuilder();
        builder.Append("### Top-level fields\n\n");
        OptionsTable(builder, schema, "field");
        var entry = schema["$defs"]![PipelineSchemaGenerator.StageEntryDefinition]!.AsObject();
        builder.Append("\n### Stage entries\n\nEach item of `stages`:\n\n");
        OptionsTable(builder, entry, "field");
        return builder.ToString();
    }

    private static string Stages(JsonObject schema, IReadOnlyList<StageDescriptor> stages)
    {
        var builder = new StringBuilder();
        if (stages.Count == 0)
        {
            builder.Append("No stages were installed when this was generated.\n");
            return builder.ToString();
        }

        var definitions = schema["$defs"]!.AsObject();
        builder.Append("| stage | plugin | description |\n|---|---|---|\n");
        foreach (var stage in stages)
        {
            var definition = definitions[PipelineSchemaGenerator.DefinitionOf(stage.Id)]!.AsObject();
            builder.Append(CultureInfo.InvariantCulture, $"| [`{stage.Id}`](#{Anchor(stage.Id)}) | {Cell(stage.Plugin.Name)} | {Prose((string?)definition["description"] ?? "")} |\n");
        }

        foreach (var stage in stages)
        {
            var definition = definitions[PipelineSchemaGenerator.DefinitionOf(stage.Id)]!.AsObject();
            builder.Append(CultureInfo.InvariantCulture, $"\n### `{stage.Id}`\n\n");
            if ((string?)definition["description"] is { } description)
            {
                builder.Append(Prose(description)).Append("\n\n");
            }

            builder.Append(CultureInfo.InvariantCulture, $"Plugin `{stage.Plugin.Name}`{(stage.Attribute.UsesDevice ? "; holds the compute device while it runs" : "")}{(stage.Attribute.Shardable ? "; shardable: `seco run --only STAGE --shard I/N` splits its images over processes (docs/scale-out.md)" : "")}.\n\n");
            var inputs = stage.Inputs.ToList();
            if (inputs.Count > 0)
            {
                builder.Append("Inputs (`in`):\n\n| port | artifact | required | description |\n|---|---|---|---|\n");
                foreach (var port in inputs)
                {
                    builder.Append(CultureInfo.InvariantCulture,
                        $"| `{port.Name}` | {Cell(port.ArtifactType.Name)} | {(port.IsOptional ? "no" : "yes")} | {Prose(port.Description ?? "")} |\n");
                }

                builder.Append('\n');
            }
            else
            {
                builder.Append("Inputs: none.\n\n");
            }

            var outputs = stage.Outputs.ToList();
            if (outputs.Count > 0)
            {
                builder.Append(CultureInfo.InvariantCulture, $"Outputs (`\"<id>.<port>\"`):\n\n| port | artifact | description |\n|---|---|---|\n");
                foreach (var port in outputs)
                {
                    builder.Append(CultureInfo.InvariantCulture, $"| `{port.Name}` | {Cell(port.ArtifactType.Name)} | {Prose(port.Description ?? "")} |\n");
                }

                builder.Append('\n');
            }
            else
            {
                builder.Append("Outputs: none.\n\n");
            }

            var with = definition["properties"]!["with"]!.AsObject();
            if (with["properties"] is JsonObject { Count: > 0 })
            {
                builder.Append("Options (`with`):\n\n");
                OptionsTable(builder, with, "option");
            }
            else
            {
                builder.Append("Options: none.\n");
            }
        }

        return builder.ToString();
    }

    private static void OptionsTable(StringBuilder builder, JsonObject objectSchema, string header)
    {
        builder.Append(CultureInfo.InvariantCulture, $"| {header} | type | default | allowed values | description |\n|---|---|---|---|---|\n");
        OptionRows(builder, objectSchema, "");
    }

    private static void OptionRows(StringBuilder builder, JsonObject objectSchema, string prefix)
    {
        var required = (objectSchema["required"] as JsonArray)?.Select(n => (string?)n).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var (name, node) in (objectSchema["properties"] as JsonObject) ?? [])
        {
            var property = node!.AsObject();
            var nested = property["properties"] is JsonObject { Count: > 0 };
            var defaultText = required.Contains(name) ? "required"
                : nested || property["default"] is JsonObject ? ""
                : property.TryGetPropertyValue("default", out var value) ? $"`{value?.ToJsonString() ?? "null"}`"
                : "";
            builder.Append(CultureInfo.InvariantCulture,
                $"| `{prefix}{name}` | {Cell(TypeOf(property))} | {Cell(defaultText)} | {Cell(AllowedValues(property))} | {Prose((string?)property["description"] ?? "")} |\n");
            if (nested)
            {
                OptionRows(builder, property, $"{prefix}{name}.");
            }
        }
    }

    /// <summary>The type of a property schema in words: <c>integer</c>, <c>array of string</c>, <c>string or null</c>.</summary>
    private static string TypeOf(JsonObject schema)
    {
        if ((string?)schema["$ref"] is { } reference)
        {
            return reference.EndsWith("/" + PipelineSchemaGenerator.OutputDefinition, StringComparison.Ordinal) ? "\"stageId.port\"" : "stage entry";
        }

        var types = schema["type"] switch
        {
            JsonArray array => array.Select(t => (string)t!).ToList(),
            JsonValue value => [(string)value!],
            _ => [],
        };
        if (types.Count == 0 && schema["enum"] is JsonArray values)
        {
            types = values.Select(v => v is null ? "null" : v.GetValueKind().ToString().ToLowerInvariant() switch
            {
                "number" => "number",
                "true" or "false" => "boolean",
                var kind => kind,
            }).Distinct().ToList();
        }

        if (types.Count == 0)
        {
            return "any JSON";
        }

        var names = types.Where(t => t != "null").Select(t => t switch
        {
            "array" when schema["items"] is JsonObject items => "array of " + TypeOf(items),
            "object" when schema["additionalProperties"] is JsonObject values => "map of " + TypeOf(values),
            _ => t,
        }).ToList();
        if (types.Contains("null"))
        {
            names.Add("null");
        }

        return string.Join(" or ", names);
    }

    /// <summary>The constraints of a property schema in words: enum values, ranges, lengths, patterns.</summary>
    private static string AllowedValues(JsonObject schema)
    {
        var parts = new List<string>();
        if (schema["enum"] is JsonArray values)
        {
            parts.Add(string.Join(", ", values.Select(v => $"`{v?.ToJsonString() ?? "null"}`")));
        }

        if (schema["not"]?["enum"] is JsonArray denied)
        {
            parts.Add("not " + string.Join(", ", denied.Select(v => $"`{v?.ToJsonString() ?? "null"}`")));
        }

        var minimum = schema["exclusiveMinimum"] is { } exclusiveMinimum ? ("> ", exclusiveMinimum)
            : schema["minimum"] is { } inclusiveMinimum && !IsInt32Bound(inclusiveMinimum, int.MinValue) ? (">= ", inclusiveMinimum)
            : default((string, JsonNode)?);
        var maximum = schema["exclusiveMaximum"] is { } exclusiveMaximum ? ("< ", exclusiveMaximum)
            : schema["maximum"] is { } inclusiveMaximum && !IsInt32Bound(inclusiveMaximum, int.MaxValue) ? ("<= ", inclusiveMaximum)
            : default((string, JsonNode)?);
        if (minimum is { Item1: ">= " } && maximum is { Item1: "<= " })
        {
            parts.Add($"{minimum.Value.Item2.ToJsonString()} to {maximum.Value.Item2.ToJsonString()}");
        }
        else
        {
            if (minimum is { } min)
            {
                parts.Add(min.Item1 + min.Item2.ToJsonString());
            }

            if (maximum is { } max)
            {
                parts.Add(max.Item1 + max.Item2.ToJsonString());
            }
        }

        AddLength(parts, schema, "minLength", "maxLength", "characters");
        AddLength(parts, schema, "minItems", "maxItems", "items");
        if ((string?)schema["pattern"] is { } pattern)
        {
            parts.Add($"matches `{pattern}`");
        }

        return string.Join("; ", parts);
    }

    private static void AddLength(List<string> parts, JsonObject schema, string minimumKeyword, string maximumKeyword, string unit)
    {
        var minimum = schema[minimumKeyword] is { } min ? long.Parse(min.ToJsonString(), CultureInfo.InvariantCulture) : (long?)null;
        var maximum = schema[maximumKeyword] is { } max ? long.Parse(max.ToJsonString(), CultureInfo.InvariantCulture) : (long?)null;
        var invariant = CultureInfo.InvariantCulture;
        if (minimum == 1 && maximum is null && unit == "characters")
        {
            parts.Add("non-empty");
        }
        else if (minimum is not null && maximum is not null)
        {
            parts.Add(string.Create(invariant, $"{minimum} to {maximum} {unit}"));
        }
        else if (minimum is not null)
        {
            parts.Add(string.Create(invariant, $"at least {minimum} {unit}"));
        }
        else if (maximum is not null)
        {
            parts.Add(string.Create(invariant, $"at most {maximum} {unit}"));
        }
    }

    private static bool IsInt32Bound(JsonNode node, long bound) =>
        long.TryParse(node.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number == bound;

    /// <summary>GitHub's heading anchor of <c>### `id`</c>: lower case, punctuation other than '-' and '_' dropped.</summary>
    private static string Anchor(string id) =>
        new(id.ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c is '-' or '_').ToArray());

    /// <summary>Plain text for a table cell or paragraph: <c>&lt;name&gt;</c> must not read as an HTML tag.</summary>
    private static string Prose(string text) =>
        Cell(text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal));

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
