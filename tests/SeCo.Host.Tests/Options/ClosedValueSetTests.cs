using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using SeCo.Host.Options;
using SeCo.Host.Tests.Schema;

namespace SeCo.Host.Tests.Options;

/// <summary>
/// Every closed set of option values is a C# enum (shown as <c>enum</c> in the schema and by <c>seco plugins</c>,
/// bound by its JSON names); no bundled stage declares one as a string with a list of allowed values.
/// </summary>
public sealed class ClosedValueSetTests
{
    [Fact]
    public void No_bundled_stage_option_is_a_string_with_allowed_values()
    {
        var strings = BundledPlugins.Catalog.Stages
            .SelectMany(stage => StringOptionsWithAllowedValues(stage.OptionsType, stage.Id, new HashSet<Type>()))
            .ToList();

        strings.Should().BeEmpty("a closed set of values is an enum with JSON names, not a free string");
    }

    [Fact]
    public void Enum_option_names_are_the_names_a_pipeline_writes()
    {
        var scc = BundledPlugins.Catalog.Stages.Single(s => s.Id == "scc");
        var filterMode = scc.OptionsType.GetProperty("FilterMode")!.PropertyType;

        OptionTypeNames.EnumJsonNames(filterMode).Should().Equal(
            "none", "loss", "score", "both", "local_loss", "local_score", "local_both", "both_loss", "both_score", "both_both", "gmm");
    }

    [Theory]
    [InlineData("Gmm")]
    [InlineData("GMM")]
    [InlineData("LOCAL_LOSS")]
    public void Bundled_enum_options_bind_only_their_json_names(string written)
    {
        var scc = BundledPlugins.Catalog.Stages.Single(s => s.Id == "scc");

        OptionsBinder.Bind(scc.OptionsType, (JsonObject)JsonNode.Parse("""{ "filterMode": "gmm" }""")!).Errors.Should().BeEmpty();
        var errors = OptionsBinder.Bind(scc.OptionsType, new JsonObject { ["filterMode"] = written }).Errors;

        var error = errors.Should().ContainSingle().Subject;
        error.Parts.Should().Equal("filterMode");
        error.Message.Should().Contain("one of none|loss|score|both|local_loss|local_score|local_both|both_loss|both_score|both_both|gmm");
    }

    private static IEnumerable<string> StringOptionsWithAllowedValues(Type type, string path, HashSet<Type> seen)
    {
        if (!seen.Add(type))
        {
            yield break;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (propertyType == typeof(string) && property.GetCustomAttribute<AllowedValuesAttribute>() is not null)
            {
                yield return $"{path}.{property.Name}";
            }
            else if (propertyType.IsClass && propertyType != typeof(string) && propertyType.Assembly == type.Assembly)
            {
                foreach (var nested in StringOptionsWithAllowedValues(propertyType, $"{path}.{property.Name}", seen))
                {
                    yield return nested;
                }
            }
        }
    }
}
