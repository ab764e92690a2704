using SeCo.Host.Pipelines;

namespace SeCo.Host.Tests.Pipelines;

/// <summary><c>--set seed=N</c>, <c>--set workspace=DIR</c>, <c>--set device=...</c>: top-level fields from the command line, checked like the file's.</summary>
public sealed class TopLevelOverrideTests : IDisposable
{
    private const string Pipeline = """
        {
          "name": "p",
          "seed": 1,
          "device": "cpu",
          "stages": [ { "id": "s", "use": "test.source" } ]
        }
        """;

    private readonly PipelineFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Seed_workspace_and_device_are_replaced()
    {
        var result = _fixture.Load(Pipeline, "seed=7", "workspace=runs/seed7", "device=auto", "name=q");

        result.Errors.Should().BeEmpty();
        var definition = result.Plan!.Definition;
        definition.Seed.Should().Be(7);
        definition.Workspace.Should().Be(Path.Combine(_fixture.Directory, "runs", "seed7"), "a relative workspace resolves against the pipeline's folder, as in the file");
        definition.Device.Should().Be("auto");
        definition.Name.Should().Be("q");
    }

    [Fact]
    public void A_field_the_file_lacks_is_added()
    {
        var result = _fixture.Load("""{ "name": "p", "stages": [ { "id": "s", "use": "test.source" } ] }""", "onBadItem=skip");

        result.Errors.Should().BeEmpty();
        result.Plan!.Definition.OnBadItem.Should().Be(SeCo.Sdk.Stages.BadItemPolicy.Skip);
    }

    [Fact]
    public void A_bad_value_gets_the_files_error_marked_as_from_set()
    {
        var inFile = _fixture.SingleError(Pipeline.Replace("\"seed\": 1", "\"seed\": \"x\"", StringComparison.Ordinal));
        var fromSet = _fixture.SingleError(Pipeline, "seed=x");

        fromSet.JsonPath.Should().Be("$.seed");
        fromSet.Line.Should().BeNull();
        fromSet.Message.Should().Be($"{inFile.Message} (value from --set)");
    }

    [Theory]
    [InlineData("onBadItem=ignore", "$.onBadItem", "\"fail\" or \"skip\"")]
    [InlineData("seed=1.5", "$.seed", "integer")]
    [InlineData("name=a/b", "$.name", "names a folder")]
    public void Bad_top_level_values_are_located(string set, string path, string message)
    {
        var error = _fixture.SingleError(Pipeline, set);

        error.JsonPath.Should().Be(path);
        error.Message.Should().Contain(message).And.EndWith("(value from --set)");
    }

    [Theory]
    [InlineData("stages=[]")]
    [InlineData("$schema=x")]
    [InlineData("sed=1")]
    public void Only_the_known_top_level_fields_may_be_set(string text)
    {
        var parse = () => SetOverride.Parse(text);

        parse.Should().Throw<FormatException>().WithMessage("*top-level field (name, device, seed, threads, taxonomy, workspace, onBadItem)*");
    }

    [Fact]
    public void A_misspelt_field_gets_a_suggestion()
    {
        var parse = () => SetOverride.Parse("sed=1");

        parse.Should().Throw<FormatException>().WithMessage("*seed*");
    }
}
