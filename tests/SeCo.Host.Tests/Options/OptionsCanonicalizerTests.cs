using SeCo.Host.Plugins;
using System.Text.Json.Nodes;
using SeCo.Host.Options;
using SeCo.Host.Tests.Stages;

namespace SeCo.Host.Tests.Options;

public sealed class OptionsCanonicalizerTests
{
    private static string Canonical(string json)
    {
        var result = OptionsBinder.Bind(typeof(TransformOptions), (JsonObject)JsonNode.Parse(json)!);
        result.Errors.Should().BeEmpty();
        return OptionsCanonicalizer.Canonicalize(result.Options!);
    }

    [Fact]
    public void Writing_a_default_explicitly_gives_the_same_canonical_json()
    {
        Canonical("{}").Should().Be(Canonical("""{ "factor": 2, "mode": "fast", "nested": { "threshold": 0.5 } }"""));
    }

    [Fact]
    public void Key_order_and_number_spelling_do_not_matter_but_values_do()
    {
        Canonical("""{ "name": "x", "nested": { "threshold": 1 } }""").Should().Be(Canonical("""{ "nested": { "threshold": 1.0 }, "name": "x" }"""));
        Canonical("""{ "factor": 3 }""").Should().NotBe(Canonical("""{ "factor": 4 }"""));
    }

    [Fact]
    public void Canonical_json_has_sorted_keys_and_every_default()
    {
        Canonical("{}").Should().Be("""{"factor":2,"mode":"fast","name":"t","nested":{"points":8,"threshold":0.5}}""");
    }

    [Fact]
    public void Describer_lists_types_defaults_and_required_options()
    {
        var options = OptionsDescriber.Describe(typeof(TransformOptions), DocumentationLookup.Of(typeof(TransformOptions).Assembly, XmlDocumentation.Empty));

        options.Select(o => o.Name).Should().Equal("factor", "name", "mode", "nested");
        options[0].Type.Should().Be("integer (Int32)");
        options[0].DefaultJson.Should().Be("2");
        options[1].IsRequired.Should().BeTrue();
        options[2].Type.Should().Be("one of fast|verySlow");
        options[2].DefaultJson.Should().Be("\"fast\"");
    }

    [Fact]
    public void Xml_documentation_gives_option_descriptions()
    {
        var docs = XmlDocumentation.ForAssembly(typeof(TransformOptions).Assembly);

        OptionsDescriber.Describe(typeof(TransformOptions), DocumentationLookup.Of(typeof(TransformOptions).Assembly, docs))[0].Description.Should().Be("How many times to repeat the text.");
        docs.GetSummary(typeof(TransformOptions)).Should().Be("Options with every kind of check the binder runs.");
    }
}
