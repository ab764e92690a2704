using SeCo.Fuzzing;
using SeCo.Host.Pipelines;
using SeCo.Host.Planning;
using SeCo.Host.Tests.Stages;
using SeCo.Testing;

namespace SeCo.Host.Tests.Fuzzing;

/// <summary>
/// Mutated pipeline files (tests/fuzz-corpus/pipeline) never make the loader throw: every problem is a
/// located validation error. Runs for <c>SECO_FUZZ_SECONDS</c> (default 15).
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class PipelineFuzzTests
{
    [Fact]
    public void Pipeline_loader_reports_errors_for_any_mutated_pipeline_and_never_throws()
    {
        using var directory = new TempDirectory("seco-fuzz-pipeline");
        var path = directory.File("pipeline.json");
        var catalog = TestCatalog.Create();
        FuzzCorpus.Run("pipeline", bytes =>
        {
            var result = PipelineLoader.Load(path, bytes, [], catalog, _ => null);
            foreach (var error in result.Errors)
            {
                error.Message.Should().NotBeNullOrWhiteSpace();
                error.JsonPath.Should().StartWith("$");
            }
        });
    }
}
