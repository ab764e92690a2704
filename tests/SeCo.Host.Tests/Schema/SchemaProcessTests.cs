using System.Diagnostics;
using SeCo.Host.Cli;
using SeCo.Host.Schema;
using SeCo.Testing;

namespace SeCo.Host.Tests.Schema;

/// <summary>Runs the built <c>seco schema</c> with the plugins beside it, as <c>./seco.sh</c> does.</summary>
public sealed class SchemaProcessTests : IDisposable
{
    private readonly TempDirectory _directory = new("seco-schema-process");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Seco_schema_with_the_bundled_plugins_accepts_pipeline_json_and_rejects_a_broken_copy()
    {
        var target = _directory.File("pipeline.schema.json");
        var info = new ProcessStartInfo(Cli.SlowFixturePlugins.Seco) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("schema");
        info.ArgumentList.Add("--out");
        info.ArgumentList.Add(target);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);

        process.ExitCode.Should().Be(ExitCodes.Success, await error);
        var schemaJson = File.ReadAllText(target);
        schemaJson.Should().Be(SchemaText.Json(PipelineSchemaGenerator.Generate(BundledPlugins.Catalog)));
        var check = new SchemaCheck(schemaJson);
        var pipeline = File.ReadAllText(Path.Combine(GoldenData.RepositoryRoot, "pipeline.json"));
        check.Errors(pipeline).Should().BeEmpty();
        check.Errors(pipeline.Replace("\"count\": 24", "\"count\": \"24\"", StringComparison.Ordinal))
            .Should().ContainSingle().Which.Should().StartWith("/stages/0/with/count: type:");
    }

    [Fact]
    public void Generated_reference_does_not_depend_on_the_current_culture()
    {
        var invariant = PipelineReference.Generate(Stages.TestCatalog.Create(), null, "pipeline.md");
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("fi-FI");
            PipelineReference.Generate(Stages.TestCatalog.Create(), null, "pipeline.md").Should().Be(invariant);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }
}
