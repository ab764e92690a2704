using SeCo.Host.Pipelines;
using SeCo.Host.Plugins;

namespace SeCo.Host.Planning;

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

        byte[] bytes;
        try
        {
            var info = new FileInfo(fullPath);
            if (info.Length > MaxFileBytes || (info.Attributes & FileAttributes.Device) != 0)
            {
                return Failed(fullPath, $"The pipeline file is {info.Length} bytes; a pipeline may have at most {MaxFileBytes} bytes.");
            }

            bytes = File.ReadAllBytes(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(fullPath, $"The pipeline file cannot be read: {e.Message}");
        }

        return Load(fullPath, bytes, overrides, catalog, environment);
    }

    /// <summary>The largest pipeline file read (a 20,000-stage pipeline has about 2 MB).</summary>
    public const long MaxFileBytes = 16L << 20;

    private static PipelineLoadResult Failed(string path, string message) =>
        new(null, [new ValidationError(JsonPathText.Root, null, null, message) { File = path }], null);

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
