using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using SeCo.Host.Pipelines;
using SeCo.Host.Planning;
using SeCo.Sdk.IO;
using SeCo.Sdk.Stages;

namespace SeCo.Host.Daemon;

/// <summary>
/// Finds the stage options marked <see cref="FilePathAttribute"/> (in nested option objects and lists too)
/// and reports each value that resolves outside the data roots, with the JSON path of the option.
/// </summary>
internal static class PathOptions
{
    private const int MaxDepth = 8;

    public static IReadOnlyList<ValidationError> OutsideRoots(PipelinePlan plan, DataRoots roots)
    {
        var errors = new List<ValidationError>();
        foreach (var stage in plan.Stages)
        {
            foreach (var (jsonPath, value) in PathsOf(stage.Options, stage.Definition.JsonPath + ".with", 0))
            {
                var full = Path.GetFullPath(Path.IsPathRooted(value) ? value : Path.Combine(plan.Definition.Directory, value));
                string resolved;
                try
                {
                    resolved = PathPolicy.RealPath(full);
                }
                catch (IOException e)
                {
                    errors.Add(new ValidationError(jsonPath, null, null, e.Message));
                    continue;
                }

                if (!roots.Policy.IsUnderRoots(resolved))
                {
                    errors.Add(new ValidationError(jsonPath, null, null,
                        $"'{PathPolicy.Excerpt(value)}' resolves to {resolved}, outside the data roots ({string.Join(", ", roots.Roots)}); the daemon only lets stages read files under them (symbolic links are followed)."));
                }
            }
        }

        return errors;
    }

    /// <summary>True when the top-level option <paramref name="jsonName"/> of <paramref name="optionsType"/> is marked <see cref="FilePathAttribute"/>.</summary>
    public static bool IsPathOption(Type optionsType, string jsonName) =>
        optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Any(p =>
            p.GetCustomAttribute<FilePathAttribute>() is not null && JsonNameOf(p) == jsonName);

    /// <summary>The non-empty path values of an options object, with their JSON paths.</summary>
    public static IEnumerable<(string JsonPath, string Value)> PathsOf(object? options, string jsonPath, int depth)
    {
        if (options is null || depth > MaxDepth || !IsOptionsObject(options.GetType()))
        {
            yield break;
        }

        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetCustomAttribute<JsonIgnoreAttribute>() is not null)
            {
                continue;
            }

            var path = jsonPath + "." + JsonNameOf(property);
            var value = property.GetValue(options);
            if (property.GetCustomAttribute<FilePathAttribute>() is not null)
            {
                foreach (var found in Strings(value, path))
                {
                    yield return found;
                }
            }
            else if (value is IEnumerable items and not string)
            {
                var index = 0;
                foreach (var item in items)
                {
                    foreach (var found in PathsOf(item, $"{path}[{index++}]", depth + 1))
                    {
                        yield return found;
                    }
                }
            }
            else
            {
                foreach (var found in PathsOf(value, path, depth + 1))
                {
                    yield return found;
                }
            }
        }
    }

    private static string JsonNameOf(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static IEnumerable<(string, string)> Strings(object? value, string path)
    {
        if (value is string { Length: > 0 } text)
        {
            yield return (path, text);
        }
        else if (value is IEnumerable<string> list)
        {
            var index = 0;
            foreach (var item in list)
            {
                if (!string.IsNullOrEmpty(item))
                {
                    yield return ($"{path}[{index}]", item);
                }

                index++;
            }
        }
    }

    /// <summary>Option records and classes the plugins declare; not strings, primitives, JSON values or framework types.</summary>
    private static bool IsOptionsObject(Type type) =>
        type is { IsClass: true, IsArray: false } && type != typeof(string) && type.Namespace?.StartsWith("System", StringComparison.Ordinal) != true;
}
