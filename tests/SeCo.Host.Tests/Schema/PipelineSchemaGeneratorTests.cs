using System.Text.Json.Nodes;
using SeCo.Host.Options;
using SeCo.Host.Schema;
using SeCo.Host.Tests.Pipelines;
using SeCo.Host.Tests.Stages;

namespace SeCo.Host.Tests.Schema;

public sealed class PipelineSchemaGeneratorTests : IDisposable
{
    private static readonly JsonObject s_schema = PipelineSchemaGenerator.Generate(TestCatalog.Create());
    private static readonly SchemaCheck s_check = new(SchemaText.Json(s_schema));
    private readonly PipelineFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Schema_declares_draft_2020_12_and_lists_every_stage_id_sorted()
    {
        ((string?)s_schema["$schema"]).Should().Be("https://json-schema.org/draft/2020-12/schema");
        s_schema["$defs"]!["stage"]!["properties"]!["use"]!["enum"]!.AsArray().Select(n => (string?)n).Should()
            .Equal("test.block", "test.device", "test.external", "test.fail", "test.gate", "test.images", "test.source", "test.transform");
    }

    [Fact]
    public void Top_level_fields_are_exactly_the_ones_the_parser_accepts()
    {
        var error = _fixture.SingleError("""{ "name": "p", "stages": [], "zzz": 1 }""");
        var expected = error.Message[(error.Message.IndexOf("Expected one of: ", StringComparison.Ordinal) + 17)..].TrimEnd('.').Split(", ");

        s_schema["properties"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo(expected);
    }

    [Fact]
    public void Stage_branch_requires_the_inputs_that_are_not_optional_and_refuses_unknown_ports()
    {
        var transform = s_schema["$defs"]![PipelineSchemaGenerator.DefinitionOf("test.transform")]!;

        transform["required"]!.ToJsonString().Should().Be("""["in"]""");
        transform["properties"]!["in"]!["required"]!.ToJsonString().Should().Be("""["items"]""");
        ((bool?)transform["properties"]!["in"]!["additionalProperties"]).Should().BeFalse();
        ((string?)transform["properties"]!["in"]!["properties"]!["extra"]!["description"]).Should().Be("Report (optional)");
        ((string?)s_schema["$defs"]![PipelineSchemaGenerator.DefinitionOf("test.source")]!["description"]).Should().Be("Writes a text file.");
    }

    [Fact]
    public void Generated_text_is_the_same_on_every_run()
    {
        var first = SchemaText.Json(PipelineSchemaGenerator.Generate(TestCatalog.Create()));
        var second = SchemaText.Json(PipelineSchemaGenerator.Generate(TestCatalog.Create()));

        second.Should().Be(first);
        first.Should().EndWith("}\n").And.NotContain("\r");
    }

    [Theory]
    [InlineData("""{ "factor": 10, "mode": "verySlow", "nested": { "threshold": 1.0, "points": 3 } }""", true)]
    [InlineData("""{ }""", true)]
    [InlineData("""{ "factor": 11 }""", false)]
    [InlineData("""{ "factor": 0 }""", false)]
    [InlineData("""{ "factor": 2.5 }""", false)]
    [InlineData("""{ "factor": "2" }""", false)]
    [InlineData("""{ "name": "" }""", false)]
    [InlineData("""{ "name": null }""", false)]
    [InlineData("""{ "mode": "medium" }""", false)]
    [InlineData("""{ "nested": { "threshold": 1.5 } }""", false)]
    [InlineData("""{ "nested": { "points": 1.5 } }""", false)]
    [InlineData("""{ "nested": { "pionts": 1 } }""", false)]
    [InlineData("""{ "nested": null }""", false)]
    [InlineData("""{ "extra": true }""", false)]
    public void Options_the_binder_accepts_are_the_options_the_schema_accepts(string with, bool valid)
    {
        var binding = OptionsBinder.Bind(typeof(TransformOptions), JsonNode.Parse(with)!.AsObject());
        var pipeline = $$"""
            { "name": "p", "stages": [
              { "id": "s", "use": "test.source" },
              { "id": "t", "use": "test.transform", "in": { "items": "s.items" }, "with": {{with}} } ] }
            """;

        binding.Succeeded.Should().Be(valid, string.Join("; ", binding.Errors.Select(e => e.Message)));
        var errors = s_check.Errors(pipeline);
        if (valid)
        {
            errors.Should().BeEmpty();
        }
        else
        {
            errors.Should().NotBeEmpty().And.OnlyContain(e => e.StartsWith("/stages/1/with", StringComparison.Ordinal));
        }
    }
}
