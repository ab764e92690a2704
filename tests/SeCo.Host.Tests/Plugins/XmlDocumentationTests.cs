using SeCo.Host.Plugins;
using SeCo.Testing;

namespace SeCo.Host.Tests.Plugins;

public sealed class XmlDocumentationTests
{
    private const string Xml = """
        <?xml version="1.0"?>
        <doc>
          <assembly><name>SeCo.Host.Tests</name></assembly>
          <members>
            <member name="T:SeCo.Host.Tests.Plugins.XmlDocumentationTests.Window">
              <summary>
                A window over <see cref="T:SeCo.Sdk.Artifacts.ImageSet"/> items,
                see <see cref="M:SeCo.Sdk.Stages.IStage`1.RunAsync(System.Int32)"/> and <see langword="null"/>.
              </summary>
              <param name="Width">The width in <c>px</c>; at most <paramref name="Width"/>.</param>
            </member>
            <member name="P:SeCo.Host.Tests.Plugins.XmlDocumentationTests.Window.Height">
              <summary>The height.<para>Second paragraph.</para></summary>
            </member>
          </members>
        </doc>
        """;

    [Fact]
    public void Type_summary_is_plain_text_with_references_shortened()
    {
        var documentation = XmlDocumentation.Parse(Xml);

        documentation.GetSummary(typeof(Window)).Should().Be("A window over ImageSet items, see RunAsync and null.");
    }

    [Fact]
    public void Property_summary_comes_from_its_member_entry()
    {
        var documentation = XmlDocumentation.Parse(Xml);

        documentation.GetSummary(typeof(Window).GetProperty(nameof(Window.Height))!).Should().Be("The height. Second paragraph.");
    }

    [Fact]
    public void Positional_record_property_without_entry_takes_the_param_text()
    {
        var documentation = XmlDocumentation.Parse(Xml);

        documentation.GetSummary(typeof(Window).GetProperty(nameof(Window.Width))!).Should().Be("The width in px; at most Width.");
    }

    [Fact]
    public void Undocumented_members_have_no_summary()
    {
        var documentation = XmlDocumentation.Parse(Xml);

        documentation.GetSummary(typeof(XmlDocumentationTests)).Should().BeNull();
        documentation.GetSummary(typeof(Window).GetProperty(nameof(Window.Depth))!).Should().BeNull();
        XmlDocumentation.Empty.GetSummary(typeof(Window)).Should().BeNull();
    }

    [Fact]
    public void Plugin_ships_its_documentation_and_stages_carry_it()
    {
        using var temp = new TempDirectory();
        var plugins = FixturePlugins.CopyInto(temp, FixturePlugins.A);

        var stage = PluginLoader.Load([plugins], new RecordingLogger()).Stages.Single();

        File.Exists(Path.Combine(plugins, FixturePlugins.A, FixturePlugins.A + ".xml")).Should().BeTrue();
        stage.Documentation.GetSummary(stage.StageType).Should().Be("Sums the integers below a count with torch, scales the sum and adds the registered offset.");
        stage.Documentation.GetSummary(stage.OptionsType).Should().Be("Options of SumStage.");
        stage.Documentation.GetSummary(stage.OptionsType.GetProperty("Count")!).Should().Be("How many integers to sum, starting at 0.");
        stage.Documentation.GetSummary(stage.OptionsType.GetProperty("Scale")!).Should().Be("The factor applied to the sum.");
    }

    [Fact]
    public void Malformed_documentation_file_is_reported_as_xml_error()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Broken.xml");
        File.WriteAllText(path, "<doc><members>");

        var load = () => XmlDocumentation.Load(path);

        load.Should().Throw<System.Xml.XmlException>();
    }

    /// <summary>Documented by the test XML only.</summary>
    public sealed record Window(int Width)
    {
        public int Height { get; init; }

        public int Depth { get; init; }
    }
}
