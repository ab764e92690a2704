using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using SeCo.Host.Pipelines;

namespace SeCo.Host.Options;

/// <summary>
/// Binds a stage's <c>with</c> object to its options type and validates it, reporting every problem:
/// unknown keys (with a suggestion), values of the wrong type, and DataAnnotations failures
/// (<c>[Range]</c>, <c>[Required]</c>, ..., and <see cref="IValidatableObject"/>), nested objects included.
/// </summary>
internal static class OptionsBinder
{
    /// <param name="optionsType">The stage's options type.</param>
    /// <param name="with">The stage's <c>with</c> object.</param>
    /// <param name="connectedInputs">The stage's connected input ports, handed to <see cref="IValidatableObject"/> options (<see cref="Sdk.Stages.OptionsValidation"/>).</param>
    public static OptionsBindingResult Bind(Type optionsType, JsonObject? with, IReadOnlySet<string>? connectedInputs = null)
    {
        var errors = new List<OptionError>();
        // Check every key and value first; bad entries are dropped from a copy so the rest can still be
        // bound and validated, and every problem is reported in one go.
        var json = (JsonObject)(with?.DeepClone() ?? new JsonObject());
        CheckObject(optionsType, json, [], errors);
        object? options;
        try
        {
            options = json.Deserialize(optionsType, OptionsSerializer.Options);
        }
        catch (JsonException ex)
        {
            errors.Add(new OptionError(PartsOf(ex.Path), JsonSourceMap.CleanMessage(ex.Message)));
            return new OptionsBindingResult(null, errors);
        }

        if (options is null)
        {
            errors.Add(new OptionError([], "The options must be an object."));
            return new OptionsBindingResult(null, errors);
        }

        var items = connectedInputs is null ? null : new Dictionary<object, object?> { [Sdk.Stages.OptionsValidation.ConnectedInputsKey] = connectedInputs };
        Validate(options, [], errors, new HashSet<object>(ReferenceEqualityComparer.Instance), items);
        errors = errors.DistinctBy(e => (string.Join("/", e.Parts), e.Message)).ToList();
        return new OptionsBindingResult(errors.Count == 0 ? options : null, errors);
    }

    private static void CheckObject(Type type, JsonObject json, List<object> path, List<OptionError> errors)
    {
        var info = OptionsSerializer.Options.GetTypeInfo(type);
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        var properties = info.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var (key, value) in json.ToList())
        {
            List<object> keyPath = [.. path, key];
            if (!properties.TryGetValue(key, out var property))
            {
                var names = properties.Keys.Order(StringComparer.Ordinal).ToList();
                errors.Add(new OptionError(keyPath,
                    $"Unknown option '{key}' for {type.Name}.{EditDistance.Suggest(key, names)} Known options: {(names.Count == 0 ? "(none)" : string.Join(", ", names))}.",
                    AtKey: true));
                json.Remove(key);
                continue;
            }

            var propertyInfo = OptionsSerializer.Options.GetTypeInfo(property.PropertyType);
            if (value is JsonObject nested && propertyInfo.Kind == JsonTypeInfoKind.Object && !typeof(JsonNode).IsAssignableFrom(property.PropertyType))
            {
                CheckObject(property.PropertyType, nested, keyPath, errors);
                continue;
            }

            if (value is null)
            {
                // Null against non-nullable members is reported by the whole-object pass.
                continue;
            }

            try
            {
                value.Deserialize(property.PropertyType, OptionsSerializer.Options);
            }
            catch (JsonException)
            {
                errors.Add(new OptionError(keyPath,
                    $"Option '{string.Join(".", keyPath)}' expects {OptionTypeNames.Describe(property.PropertyType)}; got {PipelineParser.Describe(value)}."));
                json.Remove(key);
            }
        }
    }

    private static void Validate(object options, List<object> path, List<OptionError> errors, HashSet<object> visited, IDictionary<object, object?>? items)
    {
        if (!visited.Add(options))
        {
            return;
        }

        var type = options.GetType();
        var info = OptionsSerializer.Options.GetTypeInfo(type);
        var before = errors.Count;
        foreach (var property in info.Properties)
        {
            if (property.AttributeProvider is not PropertyInfo clrProperty || clrProperty.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var value = clrProperty.GetValue(options);
            var attributes = clrProperty.GetCustomAttributes<ValidationAttribute>(inherit: true).ToArray();
            if (attributes.Length > 0)
            {
                var context = new ValidationContext(options) { MemberName = clrProperty.Name, DisplayName = property.Name };
                var results = new List<ValidationResult>();
                if (!Validator.TryValidateValue(value!, context, results, attributes))
                {
                    errors.AddRange(results.Select(r => new OptionError([.. path, property.Name], r.ErrorMessage ?? $"Option '{property.Name}' is invalid.")));
                }
            }

            if (value is not null && OptionsSerializer.Options.GetTypeInfo(clrProperty.PropertyType).Kind == JsonTypeInfoKind.Object
                && !typeof(JsonNode).IsAssignableFrom(clrProperty.PropertyType) && !clrProperty.PropertyType.IsValueType)
            {
                Validate(value, [.. path, property.Name], errors, visited, items);
            }
        }

        var objectContext = new ValidationContext(options, serviceProvider: null, items);
        var typeAttributes = type.GetCustomAttributes<ValidationAttribute>(inherit: true).ToArray();
        var typeResults = new List<ValidationResult>();
        if (typeAttributes.Length > 0 && !Validator.TryValidateValue(options, objectContext, typeResults, typeAttributes))
        {
            errors.AddRange(typeResults.Select(r => new OptionError(path, r.ErrorMessage ?? $"{type.Name} is invalid.")));
        }

        if (errors.Count == before && options is IValidatableObject validatable)
        {
            foreach (var result in validatable.Validate(objectContext))
            {
                if (result == ValidationResult.Success)
                {
                    continue;
                }

                var members = result.MemberNames.Select(m => JsonNameOf(info, m)).ToList();
                if (members.Count == 0)
                {
                    errors.Add(new OptionError(path, result.ErrorMessage ?? $"{type.Name} is invalid."));
                }
                else
                {
                    errors.AddRange(members.Select(m => new OptionError([.. path, m], result.ErrorMessage ?? $"Option '{m}' is invalid.")));
                }
            }
        }
    }

    private static string JsonNameOf(JsonTypeInfo info, string clrName) =>
        info.Properties.FirstOrDefault(p => (p.AttributeProvider as MemberInfo)?.Name == clrName)?.Name
        ?? JsonNamingPolicy.CamelCase.ConvertName(clrName);

    /// <summary>Splits a System.Text.Json exception path (<c>$.nested.points</c>, <c>$.items[2]</c>) into parts.</summary>
    private static List<object> PartsOf(string? path)
    {
        var parts = new List<object>();
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return parts;
        }

        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                parts.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                var inner = path[(i + 1)..end];
                parts.Add(int.TryParse(inner, out var index) ? index : inner.Trim('\''));
                i = end + 1;
            }
            else
            {
                i++;
            }
        }

        return parts;
    }
}
