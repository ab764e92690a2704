using SeCo.Host.Pipelines;
using SeCo.Host.Planning;
using SeCo.Host.Schema;
using SeCo.Testing;

namespace SeCo.Host.Tests.Schema;

/// <summary>
/// The schema generated from the bundled plugins and <c>seco validate</c> agree: both accept the bundled
/// pipelines, and both reject broken ones at the same place for the same reason.
/// </summary>
public sealed class SchemaAgreementTests : IDisposable
{
    private static readonly Lazy<SchemaCheck> s_schema = new(() => new SchemaCheck(SchemaText.Json(PipelineSchemaGenerator.Generate(BundledPlugins.Catalog))));
    private readonly TempDirectory _directory = new("seco-schema-test");

    public void Dispose() => _directory.Dispose();

    public static TheoryData<string> BundledPipelines()
    {
        var data = new TheoryData<string> { "pipeline.json" };
        foreach (var file in Directory.GetFiles(Path.Combine(GoldenData.RepositoryRoot, "examples"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(GoldenData.RepositoryRoot, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BundledPipelines))]
    public void Bundled_pipeline_is_valid_for_the_schema_and_for_seco_validate(string relativePath)
    {
        var path = Path.Combine(GoldenData.RepositoryRoot, relativePath);
        var json = File.ReadAllText(path);

        s_schema.Value.Errors(json).Should().BeEmpty();
        var result = PipelineLoader.Load(path, [], BundledPlugins.Catalog, _ => null);
        result.Errors.Should().BeEmpty(because: string.Join("\n", result.Errors));
    }

    [Theory]
    [MemberData(nameof(BundledPipelines))]
    public void Bundled_pipeline_points_editors_at_the_checked_in_schema(string relativePath)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(GoldenData.RepositoryRoot, relativePath)))!;
        var expected = Path.GetRelativePath(Path.GetDirectoryName(Path.Combine(GoldenData.RepositoryRoot, relativePath))!,
            Path.Combine(GoldenData.RepositoryRoot, PipelineSchemaGenerator.FileName)).Replace('\\', '/');

        expected = expected.StartsWith('.') ? expected : "./" + expected;
        ((string?)json["$schema"]).Should().Be(expected,
            $"every bundled pipeline starts with \"$schema\": \"{expected}\" so editors complete and check it");
    }

    public static TheoryData<string, string, string, string, string> BrokenPipelines() => new()
    {
        {
            "unknown stage id",
            """{ "name": "p", "stages": [ { "id": "s", "use": "sources.synthetik" } ] }""",
            "$.stages[0].use", "Unknown stage 'sources.synthetik'. Did you mean 'sources.synthetic'?", "enum"
        },
        {
            "unknown option",
            """{ "name": "p", "stages": [ { "id": "s", "use": "sources.synthetic", "with": { "colour": 3 } } ] }""",
            "$.stages[0].with.colour", "Unknown option 'colour'", "false"
        },
        {
            "wrong type",
            """{ "name": "p", "stages": [ { "id": "s", "use": "sources.synthetic", "with": { "count": "many" } } ] }""",
            "$.stages[0].with.count", "Option 'count' expects integer", "type"
        },
        {
            "bad enum value",
            """
            { "name": "p", "stages": [
              { "id": "s", "use": "sources.synthetic" },
              { "id": "p", "use": "sources.proda", "in": { "images": "s.images" }, "with": { "allowRandomWeights": true, "mode": "fastest" } } ] }
            """,
            "$.stages[1].with.mode", "'mode'", "enum"
        },
        {
            "bad enum value with the reference's snake_case names",
            """
            { "name": "p", "stages": [
              { "id": "s", "use": "sources.synthetic" },
              { "id": "c", "use": "scc", "in": { "images": "s.images", "labels": "s.labels" }, "with": { "filterMode": "gmmm" } } ] }
            """,
            "$.stages[1].with.filterMode", "expects one of none|loss|score|both|local_loss|local_score|local_both|both_loss|both_score|both_both|gmm", "enum"
        },
        {
            "bad synthetic domain",
            """{ "name": "p", "stages": [ { "id": "s", "use": "sources.synthetic", "with": { "domain": "sauce" } } ] }""",
            "$.stages[0].with.domain", "expects one of noise|source|target", "enum"
        },
        {
            "bad scored-labels kind",
            """
            { "name": "p", "stages": [
              { "id": "s", "use": "sources.synthetic" },
              { "id": "e", "use": "eval.miou", "in": { "images": "s.images", "labels": "s.labels" }, "with": { "scores": "labels" } } ] }
            """,
            "$.stages[1].with.scores", "expects one of pseudoLabels|predictions or null", "enum"
        },
        {
            "missing use",
            """{ "name": "p", "stages": [ { "id": "s" } ] }""",
            "$.stages[0]", "Missing required property \"use\"", "required"
        },
        {
            "value out of range",
            """{ "name": "p", "stages": [ { "id": "s", "use": "sources.synthetic", "with": { "count": 0 } } ] }""",
            "$.stages[0].with.count", "count", "minimum"
        },
        {
            "unknown input port",
            """
            { "name": "p", "stages": [
              { "id": "s", "use": "sources.synthetic" },
              { "id": "e", "use": "eval.miou", "in": { "images": "s.images", "lables": "s.labels" } } ] }
            """,
            "$.stages[1].in.lables", "has no input port 'lables'", "false"
        },
        {
            "unknown pipeline property",
            """{ "name": "p", "sead": 1, "stages": [] }""",
            "$.sead", "Unknown pipeline property 'sead'", "false"
        },
        {
            "stage id with a dot",
            """{ "name": "p", "stages": [ { "id": "a.b", "use": "sources.synthetic" } ] }""",
            "$.stages[0].id", "without dots", "pattern"
        },
    };

    [Theory]
    [MemberData(nameof(BrokenPipelines))]
    public void Broken_pipeline_is_rejected_by_the_schema_and_by_seco_validate_at_the_same_place(
        string problem, string json, string jsonPath, string validateMessage, string schemaKeyword)
    {
        var path = Path.Combine(_directory.Path, "pipeline.json");
        File.WriteAllText(path, json);

        var result = PipelineLoader.Load(path, [], BundledPlugins.Catalog, _ => null);
        result.Errors.Should().ContainSingle(e => e.JsonPath == jsonPath, because: $"{problem}: {string.Join("\n", result.Errors)}")
            .Which.Message.Should().Contain(validateMessage);

        var pointer = JsonPointerOf(jsonPath);
        s_schema.Value.Errors(json).Should().Contain(e => e.StartsWith(pointer + ": " + schemaKeyword + ":", StringComparison.Ordinal),
            because: $"the schema should reject the {problem} at {pointer} with '{schemaKeyword}'");
    }

    /// <summary><c>$.stages[1].with.mode</c> → <c>/stages/1/with/mode</c>.</summary>
    private static string JsonPointerOf(string jsonPath) =>
        jsonPath[1..].Replace("[", ".", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal).Replace('.', '/');
}
