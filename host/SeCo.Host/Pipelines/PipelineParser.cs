using System.Text.Json;
using System.Text.Json.Nodes;
using SeCo.Host.Hosting;
using SeCo.Sdk.IO;
using SeCo.Sdk.Stages;

namespace SeCo.Host.Pipelines;

/// <summary>
/// Reads <c>pipeline.json</c>: syntax with positions, <c>--set</c> overrides, <c>${...}</c> substitution
/// and the shape of every top-level and stage entry. Collects every problem instead of stopping at
/// the first; what the stages mean (ids, ports, options) is checked by <see cref="SeCo.Host.Planning.PipelineValidator"/>.
/// </summary>
internal static class PipelineParser
{
    /// <summary>The largest <c>threads</c> value accepted.</summary>
    public const int MaxThreads = 1024;

    /// <summary>The fields a pipeline document may have at its top level.</summary>
    internal static readonly string[] TopLevelKeys = ["$schema", "name", "device", "seed", "threads", "taxonomy", "workspace", "onBadItem", "stages"];
    private static readonly string[] s_stageKeys = ["id", "use", "in", "with"];

    public static PipelineParseResult Parse(string filePath, byte[] utf8, IReadOnlyList<SetOverride> overrides, Func<string, string?> environment)
    {
        filePath = Path.GetFullPath(filePath);
        utf8 = WithoutBom(utf8);
        var directory = Path.GetDirectoryName(filePath)!;
        var map = JsonSourceMap.Build(utf8, out var syntaxError);
        var source = new PipelineSource(filePath, map);
        if (map is null)
        {
            return new PipelineParseResult(null, source, [syntaxError! with { File = filePath }]);
        }

        if (map.DuplicateKeys.Count > 0)
        {
            return new PipelineParseResult(null, source, map.DuplicateKeys.Select(e => e with { File = filePath }).ToList());
        }

        var errors = new List<ValidationError>();
        var root = JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (root is not JsonObject top)
        {
            return new PipelineParseResult(null, source, [source.Error(JsonPathText.Root, "A pipeline is a JSON object with \"name\" and \"stages\".")]);
        }

        foreach (var set in overrides)
        {
            Apply(set, top, source, errors);
        }

        Substitute(top, JsonPathText.Root, new VariableSubstitution(directory, environment), source, errors);
        var definition = ReadPipeline(top, filePath, directory, source, errors);
        return new PipelineParseResult(definition, source, errors);
    }

    /// <summary>The bytes without a leading UTF-8 byte order mark (editors on Windows write one; JSON readers refuse it).</summary>
    public static byte[] WithoutBom(byte[] utf8) =>
        utf8.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? utf8[3..] : utf8;

    private static void Apply(SetOverride set, JsonObject top, PipelineSource source, List<ValidationError> errors)
    {
        if (set.IsTopLevel)
        {
            // Replaced before the shape checks below, so a bad value gets the file's own error, marked "(value from --set)".
            top[set.Keys[0]] = set.Value;
            source.MarkOverridden(JsonPathText.Property(JsonPathText.Root, set.Keys[0]));
            return;
        }

        var stages = top["stages"] as JsonArray;
        var index = -1;
        for (var i = 0; stages is not null && i < stages.Count && index < 0; i++)
        {
            if (stages[i] is JsonObject o && o["id"] is JsonValue v && v.TryGetValue<string>(out var id) && id == set.StageId)
            {
                index = i;
            }
        }

        if (stages is null || index < 0 || stages[index] is not JsonObject stage)
        {
            var known = stages?.OfType<JsonObject>().Select(o => o["id"]?.GetValueKind() == JsonValueKind.String ? o["id"]!.GetValue<string>() : null).OfType<string>() ?? [];
            errors.Add(new ValidationError("--set", null, null, $"--set '{set.Text}': the pipeline has no stage with id '{set.StageId}'.{EditDistance.Suggest(set.StageId!, known)}") { File = source.FilePath });
            return;
        }

        var path = JsonPathText.Property(JsonPathText.Index("$.stages", index), "with");
        if (stage["with"] is null)
        {
            stage["with"] = new JsonObject();
        }

        if (stage["with"] is not JsonObject current)
        {
            errors.Add(source.Error(path, $"--set '{set.Text}': \"with\" must be an object."));
            return;
        }

        for (var k = 0; k < set.Keys.Count - 1; k++)
        {
            path = JsonPathText.Property(path, set.Keys[k]);
            if (current[set.Keys[k]] is null)
            {
                current[set.Keys[k]] = new JsonObject();
            }

            if (current[set.Keys[k]] is not JsonObject next)
            {
                errors.Add(source.Error(path, $"--set '{set.Text}': '{set.Keys[k]}' is not an object, so it has no key '{set.Keys[k + 1]}'."));
                return;
            }

            current = next;
        }

        var last = set.Keys[^1];
        current[last] = set.Value;
        source.MarkOverridden(JsonPathText.Property(path, last));
    }

    private static void Substitute(JsonNode? node, string path, VariableSubstitution variables, PipelineSource source, List<ValidationError> errors)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                    {
                        var expanded = variables.Expand(v.GetValue<string>(), out var error);
                        if (error is not null)
                        {
                            errors.Add(source.Error(JsonPathText.Property(path, key), error));
                        }
                        else
                        {
                            obj[key] = expanded;
                        }
                    }
                    else
                    {
                        Substitute(value, JsonPathText.Property(path, key), variables, source, errors);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                    {
                        var expanded = variables.Expand(v.GetValue<string>(), out var error);
                        if (error is not null)
                        {
                            errors.Add(source.Error(JsonPathText.Index(path, i), error));
                        }
                        else
                        {
                            array[i] = expanded;
                        }
                    }
                    else
                    {
                        Substitute(array[i], JsonPathText.Index(path, i), variables, source, errors);
                    }
                }

                break;
        }
    }

    private static PipelineDefinition? ReadPipeline(JsonObject top, string filePath, string directory, PipelineSource source, List<ValidationError> errors)
    {
        foreach (var (key, _) in top)
        {
            if (!TopLevelKeys.Contains(key, StringComparer.Ordinal))
            {
                errors.Add(source.Error(JsonPathText.Property(JsonPathText.Root, key),
                    $"Unknown pipeline property '{key}'.{EditDistance.Suggest(key, TopLevelKeys)} Expected one of: {string.Join(", ", TopLevelKeys)}.", atKey: true));
            }
        }

        var name = ReadString(top, "$", "name", source, errors, required: true);
        if (name is not null && !PathPolicy.IsSafeName(name))
        {
            errors.Add(source.Error("$.name", $"The pipeline name '{PathPolicy.Excerpt(name)}' names a folder, so it must be a safe name: {PathPolicy.SafeNameRule}."));
            name = null;
        }

        var device = ReadString(top, "$", "device", source, errors, required: false) ?? "auto";
        if (!DeviceNames.IsKnown(device))
        {
            errors.Add(source.Error("$.device", $"Unknown device '{PathPolicy.Excerpt(device)}': expected {DeviceNames.Expected}."));
        }
        var seed = 0;
        if (top["seed"] is { } seedNode)
        {
            if (seedNode is JsonValue sv && sv.GetValueKind() == JsonValueKind.Number && sv.TryGetValue<int>(out var s))
            {
                seed = s;
            }
            else if (seedNode is JsonValue sd && sd.GetValueKind() == JsonValueKind.Number && sd.TryGetValue<double>(out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue)
            {
                seed = (int)d;
            }
            else
            {
                errors.Add(source.Error("$.seed", $"\"seed\" must be an integer (32-bit); got {Describe(seedNode)}."));
            }
        }

        int? threads = null;
        if (top["threads"] is { } threadsNode)
        {
            if (threadsNode is JsonValue tv && tv.GetValueKind() == JsonValueKind.Number && tv.TryGetValue<double>(out var t) && t == Math.Floor(t) && t is >= 1 and <= MaxThreads)
            {
                threads = (int)t;
            }
            else
            {
                errors.Add(source.Error("$.threads", $"\"threads\" must be a whole number from 1 to {MaxThreads} (omit it to use the CPUs available); got {Describe(threadsNode)}."));
            }
        }

        var workspaceText = ReadString(top, "$", "workspace", source, errors, required: false);
        var onBadItem = BadItemPolicy.Fail;
        if (ReadString(top, "$", "onBadItem", source, errors, required: false) is { } policy)
        {
            switch (policy)
            {
                case "fail":
                    onBadItem = BadItemPolicy.Fail;
                    break;
                case "skip":
                    onBadItem = BadItemPolicy.Skip;
                    break;
                default:
                    errors.Add(source.Error("$.onBadItem", $"\"onBadItem\" must be \"fail\" or \"skip\"; got \"{policy}\"."));
                    break;
            }
        }

        var taxonomy = top.TryGetPropertyValue("taxonomy", out var taxonomyNode)
            ? (taxonomyNode is null ? JsonDocument.Parse("null").RootElement.Clone() : JsonSerializer.SerializeToElement(taxonomyNode))
            : default;

        var stages = new List<StageDefinition>();
        if (top["stages"] is not JsonArray stageArray)
        {
            errors.Add(top.ContainsKey("stages")
                ? source.Error("$.stages", $"\"stages\" must be an array of stage objects; got {Describe(top["stages"])}.")
                : source.Error(JsonPathText.Root, "The pipeline has no \"stages\" array."));
        }
        else
        {
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < stageArray.Count; i++)
            {
                if (ReadStage(stageArray[i], i, source, errors) is { } stage)
                {
                    if (seen.TryGetValue(stage.Id, out var first))
                    {
                        errors.Add(source.Error($"{stage.JsonPath}.id", $"Stage id '{stage.Id}' is used twice (first at {first}); stage ids must be unique."));
                        continue;
                    }

                    seen.Add(stage.Id, stage.JsonPath);
                    stages.Add(stage);
                }
            }
        }

        if (name is null)
        {
            return null;
        }

        var workspace = workspaceText is null
            ? Path.Combine(directory, "runs", name)
            : Path.GetFullPath(Path.IsPathRooted(workspaceText) ? workspaceText : Path.Combine(directory, workspaceText));
        return new PipelineDefinition
        {
            FilePath = filePath,
            Directory = directory,
            Name = name,
            Device = device,
            Seed = seed,
            Threads = threads,
            Taxonomy = taxonomy,
            Workspace = workspace,
            OnBadItem = onBadItem,
            Stages = stages,
        };
    }

    private static StageDefinition? ReadStage(JsonNode? node, int index, PipelineSource source, List<ValidationError> errors)
    {
        var path = JsonPathText.Index("$.stages", index);
        if (node is not JsonObject stage)
        {
            errors.Add(source.Error(path, $"A stage must be an object with \"id\", \"use\", \"in\" and \"with\"; got {Describe(node)}."));
            return null;
        }

        foreach (var (key, _) in stage)
        {
            if (!s_stageKeys.Contains(key, StringComparer.Ordinal))
            {
                errors.Add(source.Error(JsonPathText.Property(path, key),
                    $"Unknown stage property '{key}'.{EditDistance.Suggest(key, s_stageKeys)} Expected: id, use, in, with.", atKey: true));
            }
        }

        var id = ReadString(stage, path, "id", source, errors, required: true);
        if (id is not null && (!PathPolicy.IsSafeName(id) || id.Contains('.', StringComparison.Ordinal)))
        {
            errors.Add(source.Error($"{path}.id",
                $"Stage id '{PathPolicy.Excerpt(id)}' names the stage's output folder, so it must be 1 to 64 letters, digits, '_' or '-', starting with a letter or digit, without dots (\"in\" refers to outputs as \"stageId.port\")."));
            id = null;
        }

        var use = ReadString(stage, path, "use", source, errors, required: true);
        var inputs = new List<InputBinding>();
        var inPath = $"{path}.in";
        if (stage["in"] is JsonObject inObject)
        {
            foreach (var (port, value) in inObject)
            {
                var portPath = JsonPathText.Property(inPath, port);
                var text = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
                var dot = text?.IndexOf('.', StringComparison.Ordinal) ?? -1;
                if (text is null || dot <= 0 || dot == text.Length - 1)
                {
                    errors.Add(source.Error(portPath, $"Input '{port}' must name an output as \"stageId.port\"; got {Describe(value)}."));
                    continue;
                }

                inputs.Add(new InputBinding(port, text[..dot], text[(dot + 1)..], portPath));
            }
        }
        else if (stage["in"] is not null)
        {
            errors.Add(source.Error(inPath, $"\"in\" must be an object mapping input ports to \"stageId.port\"; got {Describe(stage["in"])}."));
        }

        JsonObject? with = null;
        if (stage["with"] is JsonObject withObject)
        {
            with = withObject;
        }
        else if (stage["with"] is not null)
        {
            errors.Add(source.Error($"{path}.with", $"\"with\" must be an object of options; got {Describe(stage["with"])}."));
        }

        return id is null || use is null ? null : new StageDefinition(index, id, use, inputs, with);
    }

    private static string? ReadString(JsonObject obj, string parent, string key, PipelineSource source, List<ValidationError> errors, bool required)
    {
        var path = JsonPathText.Property(parent, key);
        if (!obj.TryGetPropertyValue(key, out var node) || node is null)
        {
            if (required)
            {
                errors.Add(source.Error(parent, $"Missing required property \"{key}\" (a string)."));
            }

            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            return value.GetValue<string>();
        }

        errors.Add(source.Error(path, $"\"{key}\" must be a string; got {Describe(node)}."));
        return null;
    }

    /// <summary>Describes a JSON value for an error message: <c>the number 3</c>, <c>an object</c>.</summary>
    public static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => $"the string {v.ToJsonString()}",
            JsonValueKind.Number => $"the number {v.ToJsonString()}",
            JsonValueKind.True or JsonValueKind.False => $"the boolean {v.ToJsonString()}",
            _ => v.ToJsonString(),
        },
        _ => node.ToJsonString(),
    };
}
