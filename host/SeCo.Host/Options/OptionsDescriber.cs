using SeCo.Host.Plugins;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;

namespace SeCo.Host.Options;

/// <summary>Describes an options type: each option's name, type, default value and description.</summary>
internal static class OptionsDescriber
{
    /// <param name="optionsType">The stage's options type.</param>
    /// <param name="documentation">Where descriptions come from: each option's from the assembly that declares it
    /// (an option inherited from a shared record, e.g. SeCo.Vision's, is documented there, not in the stage's assembly).</param>
    public static IReadOnlyList<OptionDescription> Describe(Type optionsType, DocumentationLookup documentation)
    {
        ArgumentNullException.ThrowIfNull(documentation);
        var info = OptionsSerializer.Options.GetTypeInfo(optionsType);
        var defaults = CreateDefault(optionsType);
        var result = new List<OptionDescription>();
        foreach (var property in info.Properties)
        {
            var clr = property.AttributeProvider as PropertyInfo;
            var required = property.IsRequired || clr?.GetCustomAttribute<RequiredAttribute>() is not null;
            string? defaultJson = null;
            if (defaults is not null && clr is not null && clr.GetIndexParameters().Length == 0)
            {
                defaultJson = JsonSerializer.Serialize(clr.GetValue(defaults), property.PropertyType, OptionsSerializer.Options);
            }

            result.Add(new OptionDescription(property.Name, OptionTypeNames.Describe(property.PropertyType), defaultJson, required,
                clr is null ? null : documentation.SummaryOf(clr)));
        }

        return result;
    }

    /// <summary>An options instance with every default, or null when the type has required members.</summary>
    private static object? CreateDefault(Type optionsType)
    {
        try
        {
            return JsonSerializer.Deserialize("{}", optionsType, OptionsSerializer.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
