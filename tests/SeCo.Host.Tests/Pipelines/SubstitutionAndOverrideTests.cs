using SeCo.Host.Pipelines;
using SeCo.Host.Tests.Stages;

namespace SeCo.Host.Tests.Pipelines;

public sealed class SubstitutionAndOverrideTests : IDisposable
{
    private const string TwoStages = """
        {
          "name": "p",
          "stages": [
            { "id": "s", "use": "test.source", "with": { "text": "${env:SECO_TEST_TEXT}-${pipeline.dir}" } },
            { "id": "t", "use": "test.transform", "in": { "items": "s.items" } }
          ]
        }
        """;

    private readonly PipelineFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Environment_variables_and_the_pipeline_folder_are_substituted_in_strings()
    {
        _fixture.Environment["SECO_TEST_TEXT"] = "hello";

        var result = _fixture.Load(TwoStages);

        result.Errors.Should().BeEmpty();
        result.Plan!.Find("s")!.Options.Should().BeOfType<SourceOptions>().Which.Text.Should().Be($"hello-{_fixture.Directory}");
    }

    [Fact]
    public void Unset_environment_variable_is_a_validation_error_at_the_value()
    {
        var error = _fixture.SingleError(TwoStages);

        error.JsonPath.Should().Be("$.stages[0].with.text");
        error.Line.Should().Be(4);
        error.Message.Should().Contain("Environment variable 'SECO_TEST_TEXT' is not set");
    }

    [Fact]
    public void Unknown_variable_and_escaped_dollar_are_handled()
    {
        var substitution = new VariableSubstitution("/dir", _ => null);

        substitution.Expand("$${env:X} ${pipeline.dir}/a", out var error).Should().Be("${env:X} /dir/a");
        error.Should().BeNull();
        substitution.Expand("${home}", out error).Should().BeNull();
        error.Should().Contain("Unknown variable '${home}'");
        substitution.Expand("${pipeline.dir", out error).Should().BeNull();
        error.Should().Contain("Unterminated");
    }

    [Fact]
    public void Set_value_is_parsed_as_json_when_it_parses_and_as_a_string_otherwise()
    {
        SetOverride.Parse("s.with.count=5").Value!.GetValue<int>().Should().Be(5);
        SetOverride.Parse("s.with.text=hello world").Value!.GetValue<string>().Should().Be("hello world");
        SetOverride.Parse("s.with.flag=true").Value!.GetValue<bool>().Should().BeTrue();
        SetOverride.Parse("s.with.list=[1,2]").Value!.AsArray().Count.Should().Be(2);
        SetOverride.Parse("s.with.text=a=b").Value!.GetValue<string>().Should().Be("a=b");
    }

    [Fact]
    public void Set_with_nested_keys_creates_and_replaces_option_objects()
    {
        _fixture.Environment["SECO_TEST_TEXT"] = "x";

        var result = _fixture.Load(TwoStages, "t.with.nested.points=16", "t.with.factor=3", "s.with.count=9");

        result.Errors.Should().BeEmpty();
        var transform = result.Plan!.Find("t")!.Options.Should().BeOfType<TransformOptions>().Subject;
        transform.Nested.Points.Should().Be(16);
        transform.Nested.Threshold.Should().Be(0.5);
        transform.Factor.Should().Be(3);
        result.Plan.Find("s")!.Options.Should().BeOfType<SourceOptions>().Which.Count.Should().Be(9);
    }

    [Fact]
    public void Set_on_an_unknown_stage_is_an_error_with_a_suggestion()
    {
        _fixture.Environment["SECO_TEST_TEXT"] = "x";

        var error = _fixture.SingleError(TwoStages, "ss.with.count=1");

        error.JsonPath.Should().Be("--set");
        error.Line.Should().BeNull();
        error.Message.Should().Contain("no stage with id 'ss'").And.Contain("Did you mean 's'?");
    }

    [Fact]
    public void Invalid_set_value_is_reported_as_coming_from_the_command_line()
    {
        _fixture.Environment["SECO_TEST_TEXT"] = "x";

        var error = _fixture.SingleError(TwoStages, "t.with.factor=99");

        error.JsonPath.Should().Be("$.stages[1].with.factor");
        error.Line.Should().BeNull();
        error.Message.Should().Contain("between 1 and 10").And.EndWith("(value from --set)");
    }

    [Theory]
    [InlineData("nodots=1")]
    [InlineData("s.options.count=1")]
    [InlineData("s.with.count")]
    [InlineData("s.with..x=1")]
    public void Malformed_set_is_refused(string text)
    {
        var parse = () => SetOverride.Parse(text);

        parse.Should().Throw<FormatException>().WithMessage("*stageId.with.key=value*");
    }
}
