using System.Text;
using SeCo.Host.Pipelines;
using SeCo.Host.Planning;
using SeCo.Host.Tests.Stages;
using SeCo.Testing;

namespace SeCo.Host.Tests.Pipelines;

/// <summary>Writes a pipeline file into a temp folder and loads it against the test catalog.</summary>
internal sealed class PipelineFixture : IDisposable
{
    private readonly TempDirectory _directory = new("seco-host-test");

    public string Directory => _directory.Path;

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public string Write(string json, string name = "pipeline.json")
    {
        var path = _directory.File(name);
        File.WriteAllText(path, json, new UTF8Encoding(false));
        return path;
    }

    public PipelineLoadResult Load(string json, params string[] sets) =>
        PipelineLoader.Load(Write(json), sets.Select(SetOverride.Parse).ToList(), TestCatalog.Create(), Environment.GetValueOrDefault);

    public ValidationError SingleError(string json, params string[] sets)
    {
        var result = Load(json, sets);
        result.Errors.Should().ContainSingle(because: string.Join("\n", result.Errors));
        return result.Errors[0];
    }

    public void Dispose() => _directory.Dispose();
}
