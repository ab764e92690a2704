using System.Reflection;
using System.Text.Json.Nodes;
using SeCo.Host.Options;
using SeCo.Host.Plugins;
using SeCo.Host.Tests.Schema;

namespace SeCo.Host.Tests.Options;

/// <summary>
/// Options two stages share are declared once, in a record both stages' options derive from (the CBST thresholding
/// options of <c>predict</c> and <c>sources.proda</c> in SeCo.Vision): a pipeline writes them flat, the binder checks
/// their ranges, and <c>seco plugins</c> documents them from the assembly that declares them.
/// </summary>
public sealed class SharedOptionsTests
{
    private static readonly string[] s_thresholdOptions = ["mode", "portion", "sampleStride"];

    [Theory]
    [InlineData("predict")]
    [InlineData("sources.proda")]
    public void Threshold_options_are_inherited_flat_with_their_docs_from_the_declaring_assembly(string stageId)
    {
        var stage = BundledPlugins.Catalog.Stages.Single(s => s.Id == stageId);
        var declaring = stage.OptionsType.GetProperty("Mode")!.DeclaringType!;
        declaring.Assembly.Should().NotBeSameAs(stage.StageType.Assembly, "the options are declared in a shared assembly, not the plugin");

        var options = OptionsDescriber.Describe(stage.OptionsType, new DocumentationLookup([stage])).ToDictionary(o => o.Name);

        options.Keys.Should().Contain(s_thresholdOptions);
        options["mode"].DefaultJson.Should().Be("\"classBalanced\"");
        options["portion"].DefaultJson.Should().Be("0.5");
        options["sampleStride"].DefaultJson.Should().Be("4");
        foreach (var name in s_thresholdOptions)
        {
            options[name].Description.Should().NotBeNullOrEmpty($"'{name}' is documented in {declaring.Assembly.GetName().Name}.xml");
        }

        stage.Documentation.GetSummary(stage.OptionsType.GetProperty("Mode")!).Should().BeNull("the plugin's own XML file does not document an inherited option");
    }

    [Fact]
    public void Both_stages_describe_the_threshold_options_identically()
    {
        var described = new[] { "predict", "sources.proda" }
            .Select(id => BundledPlugins.Catalog.Stages.Single(s => s.Id == id))
            .Select(stage => OptionsDescriber.Describe(stage.OptionsType, new DocumentationLookup([stage]))
                .Where(o => s_thresholdOptions.Contains(o.Name)).ToList())
            .ToList();

        described[0].Should().BeEquivalentTo(described[1]);
    }

    [Fact]
    public void Inherited_options_bind_flat_and_keep_their_ranges()
    {
        var stage = BundledPlugins.Catalog.Stages.Single(s => s.Id == "predict");

        var bound = OptionsBinder.Bind(stage.OptionsType, (JsonObject)JsonNode.Parse("""{ "mode": "globalConfidence", "portion": 0.25, "sampleStride": 2 }""")!);
        bound.Errors.Should().BeEmpty();
        var options = bound.Options!;
        options.GetType().GetProperty("Portion")!.GetValue(options).Should().Be(0.25);
        options.GetType().GetProperty("SampleStride")!.GetValue(options).Should().Be(2);

        var wrong = OptionsBinder.Bind(stage.OptionsType, (JsonObject)JsonNode.Parse("""{ "portion": 1.5 }""")!);
        wrong.Errors.Should().ContainSingle().Which.Parts.Should().Equal("portion");
    }

    [Fact]
    public void A_lookup_reads_the_documentation_of_the_assembly_declaring_a_member()
    {
        var stage = BundledPlugins.Catalog.Stages.Single(s => s.Id == "predict");
        var mode = stage.OptionsType.GetProperty("Mode", BindingFlags.Public | BindingFlags.Instance)!;

        var lookup = new DocumentationLookup([stage]);

        lookup.SummaryOf(mode).Should().StartWith("How the pseudo-labels are thresholded");
        lookup.For(mode.DeclaringType!).Should().NotBeSameAs(lookup.For(stage.StageType));
    }
}
