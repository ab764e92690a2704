using System.Text.RegularExpressions;
using SeCo.Host.Pipelines;
using SeCo.Host.Planning;
using SeCo.Host.Schema;
using SeCo.Testing;

namespace SeCo.Host.Tests.Schema;

/// <summary>
/// The CI check of the checked-in <c>pipeline.schema.json</c> and <c>docs/pipeline.md</c>: regenerated from the
/// bundled plugins they must come out unchanged, and every pipeline the docs show must be one <c>seco validate</c>
/// and the schema accept.
/// </summary>
public sealed partial class CheckedInReferenceTests : IDisposable
{
    private const string UpdateHint = "run `./seco.sh docs` to update";
    private static readonly string s_markdownPath = Path.Combine(GoldenData.RepositoryRoot, "docs", "pipeline.md");
    private static readonly string s_schemaPath = Path.Combine(GoldenData.RepositoryRoot, PipelineSchemaGenerator.FileName);
    private readonly TempDirectory _directory = new("seco-docs-test");

    public void Dispose() => _directory.Dispose();

    private static PipelineReference Generated() =>
        PipelineReference.Generate(BundledPlugins.Catalog, File.ReadAllText(s_markdownPath), s_markdownPath);

    [Fact]
    public void Checked_in_schema_is_what_the_bundled_plugins_generate()
    {
        ShouldBeUpToDate(s_schemaPath, Generated().SchemaJson);
    }

    [Fact]
    public void Checked_in_pipeline_reference_is_what_the_bundled_plugins_generate()
    {
        ShouldBeUpToDate(s_markdownPath, Generated().Markdown);
    }

    [Fact]
    public void Reference_documents_every_bundled_stage_and_its_options()
    {
        var markdown = File.ReadAllText(s_markdownPath);

        foreach (var stage in BundledPlugins.Catalog.Stages)
        {
            markdown.Should().Contain($"### `{stage.Id}`");
        }

        markdown.Should().Contain("| `with` |").And.Contain("| `onBadItem` |").And.Contain("| `maskGenerator.pointsPerSide` |");
    }

    public static TheoryData<int> Recipes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < JsonBlocks(File.ReadAllText(s_markdownPath)).Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Fact]
    public void Reference_has_the_four_recipes()
    {
        var markdown = File.ReadAllText(s_markdownPath);

        JsonBlocks(markdown).Count.Should().BeGreaterThanOrEqualTo(4);
        markdown.Should().Contain("ProDA").And.Contain("sources.folder").And.Contain("only PSA").And.Contain("twice");
    }

    [Theory]
    [MemberData(nameof(Recipes))]
    public void Pipeline_shown_in_the_reference_is_accepted_by_seco_validate_and_the_schema(int index)
    {
        var json = JsonBlocks(File.ReadAllText(s_markdownPath))[index];
        var path = Path.Combine(_directory.Path, "pipeline.json");
        File.WriteAllText(path, json);

        var result = PipelineLoader.Load(path, [], BundledPlugins.Catalog, _ => null);
        result.Errors.Should().BeEmpty(because: $"block {index}:\n{json}\n{string.Join("\n", result.Errors)}");
        new SchemaCheck(File.ReadAllText(s_schemaPath)).Errors(json).Should().BeEmpty();
    }

    private static void ShouldBeUpToDate(string path, string generated)
    {
        var relative = Path.GetRelativePath(GoldenData.RepositoryRoot, path);
        File.Exists(path).Should().BeTrue($"{relative} is missing: {UpdateHint}");
        var current = File.ReadAllText(path);
        if (current == generated)
        {
            return;
        }

        var currentLines = current.Split('\n');
        var generatedLines = generated.Split('\n');
        var line = 0;
        while (line < currentLines.Length && line < generatedLines.Length && currentLines[line] == generatedLines[line])
        {
            line++;
        }

        Assert.Fail($"{relative} is out of date with the bundled plugins: {UpdateHint}. First difference at line {line + 1}:\n" +
            $"  checked in: {(line < currentLines.Length ? currentLines[line] : "(end of file)")}\n" +
            $"  generated:  {(line < generatedLines.Length ? generatedLines[line] : "(end of file)")}");
    }

    private static List<string> JsonBlocks(string markdown) =>
        JsonBlock().Matches(markdown.Replace("\r\n", "\n", StringComparison.Ordinal)).Select(m => m.Groups["json"].Value).ToList();

    [GeneratedRegex(@"^```json\n(?<json>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
