using SeCo.Host.Plugins;

namespace SeCo.Host.Pipelines;

/// <summary>Reads, overrides, substitutes and validates a pipeline file into a runnable plan.</summary>
internal static class PipelineLoader
{
    public static PipelineLoadResult Load(string path, IReadOnlyList<SetOverride> overrides, StageCatalog catalog, Func<string, string?> environment)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            return new PipelineLoadResult(null, [new ValidationError(JsonPathText.Root, null, null, $"No pipeline file at {fullPath}.") { File = fullPath }], null);
        }

        return Load(fullPath, File.ReadAllBytes(fullPath), overrides, catalog, environment);
    }

    public static PipelineLoadResult Load(string path, byte[] utf8, IReadOnlyList<SetOverride> overrides, StageCatalog catalog, Func<string, string?> environment)
    {
        var parsed = PipelineParser.Parse(path, utf8, overrides, environment);
        var errors = parsed.Errors.ToList();
        if (parsed.Definition is null)
        {
            return new PipelineLoadResult(null, errors, null);
        }

        var plan = PipelineValidator.Validate(parsed.Definition, parsed.Source, catalog, errors);
        return new PipelineLoadResult(errors.Count == 0 ? plan : null, errors, parsed.Definition);
    }
}
