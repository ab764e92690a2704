using SeCo.Host.Cli;
using SeCo.Host.Schema;
using SeCo.Host.Tests.Cli;
using SeCo.Host.Tests.Stages;

namespace SeCo.Host.Tests.Schema;

public sealed class SchemaCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string PathIn(params string[] parts) => Path.Combine([_cli.Pipeline.Directory, .. parts]);

    [Fact]
    public async Task Schema_command_writes_the_generated_schema_to_out_creating_the_folder()
    {
        var target = PathIn("out", "pipeline.schema.json");

        var code = await _cli.RunAsync("schema", "--out", target);

        code.Should().Be(ExitCodes.Success, _cli.Error);
        File.ReadAllText(target).Should().Be(SchemaText.Json(PipelineSchemaGenerator.Generate(TestCatalog.Create())));
        Directory.GetFiles(PathIn("out")).Should().ContainSingle("the temporary file is renamed over the target");
        _cli.Out.Should().Contain("for 8 stages");
    }

    [Fact]
    public async Task Schema_command_without_out_prints_the_schema()
    {
        var code = await _cli.RunAsync("schema");

        code.Should().Be(ExitCodes.Success, _cli.Error);
        _cli.Out.Should().Be(SchemaText.Json(PipelineSchemaGenerator.Generate(TestCatalog.Create())));
    }

    [Fact]
    public async Task Docs_command_rewrites_only_the_generated_parts_and_writes_the_schema()
    {
        var markdown = PathIn("docs", "pipeline.md");
        var schema = PathIn("pipeline.schema.json");
        Directory.CreateDirectory(PathIn("docs"));
        File.WriteAllText(markdown, $"""
            # Intro written by hand

            {PipelineReferenceWriter.BeginMarker("fields")}
            stale fields
            {PipelineReferenceWriter.EndMarker("fields")}

            ## Stages

            <!-- BEGIN GENERATED stages -->
            stale stages
            {PipelineReferenceWriter.EndMarker("stages")}

            ## Recipes by hand
            """);

        var code = await _cli.RunAsync("docs", "--out", markdown, "--schema-out", schema);

        code.Should().Be(ExitCodes.Success, _cli.Error);
        var text = File.ReadAllText(markdown);
        text.Should().StartWith("# Intro written by hand\n\n" + PipelineReferenceWriter.BeginMarker("fields") + "\n\n### Top-level fields\n")
            .And.EndWith(PipelineReferenceWriter.EndMarker("stages") + "\n\n## Recipes by hand")
            .And.NotContain("stale").And.NotContain("\r")
            .And.Contain("### `test.transform`")
            .And.Contain("| `nested.threshold` | number | `0.5` | 0 to 1 |")
            .And.Contain("| `factor` | integer | `2` | 1 to 10 | How many times to repeat the text. |")
            .And.Contain("| `mode` | string | `\"fast\"` | `\"fast\"`, `\"verySlow\"` |")
            .And.Contain("| `items` | Report | yes |");
        File.ReadAllText(schema).Should().Be(SchemaText.Json(PipelineSchemaGenerator.Generate(TestCatalog.Create())));

        (await _cli.RunAsync("docs", "--out", markdown, "--schema-out", schema)).Should().Be(ExitCodes.Success);
        File.ReadAllText(markdown).Should().Be(text, "regenerating an up-to-date reference changes nothing");
    }

    [Fact]
    public async Task Docs_command_starts_a_new_reference_from_a_skeleton()
    {
        var markdown = PathIn("new", "pipeline.md");

        var code = await _cli.RunAsync("docs", "--out", markdown, "--schema-out", PathIn("new", "pipeline.schema.json"));

        code.Should().Be(ExitCodes.Success, _cli.Error);
        File.ReadAllText(markdown).Should().StartWith("# pipeline.json reference\n").And.Contain("### `test.source`\n\nWrites a text file.");
    }

    [Fact]
    public async Task Docs_command_refuses_a_reference_without_markers_and_writes_nothing()
    {
        var markdown = PathIn("pipeline.md");
        var schema = PathIn("pipeline.schema.json");
        File.WriteAllText(markdown, $"# Hand\n\n{PipelineReferenceWriter.BeginMarker("fields")}\n{PipelineReferenceWriter.EndMarker("fields")}\n");

        var code = await _cli.RunAsync("docs", "--out", markdown, "--schema-out", schema);

        code.Should().Be(ExitCodes.InvalidUsage);
        _cli.Error.Should().Contain(markdown).And.Contain("no generated part 'stages'").And.Contain("<!-- END GENERATED stages -->");
        File.Exists(schema).Should().BeFalse();
        File.ReadAllText(markdown).Should().StartWith("# Hand");
    }

    [Theory]
    [InlineData("schema", "pipeline.json")]
    [InlineData("docs", "pipeline.json")]
    [InlineData("schema", "--set", "a.with.b=1")]
    public void Schema_and_docs_take_no_pipeline(params string[] args)
    {
        var parse = () => CommandLineParser.Parse(args);

        parse.Should().Throw<UsageException>();
    }
}
