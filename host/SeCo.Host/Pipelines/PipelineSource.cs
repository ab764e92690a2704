namespace SeCo.Host.Pipelines;

/// <summary>
/// The pipeline file being read: its path, the positions of its JSON values, and which paths were
/// replaced by <c>--set</c> (those have no line in the file). Turns a path and a sentence into a
/// positioned <see cref="ValidationError"/>.
/// </summary>
internal sealed class PipelineSource(string filePath, JsonSourceMap? map)
{
    private readonly HashSet<string> _overridden = new(StringComparer.Ordinal);

    /// <summary>The pipeline file.</summary>
    public string FilePath { get; } = filePath;

    /// <summary>Records that the value at <paramref name="path"/> came from the command line.</summary>
    public void MarkOverridden(string path) => _overridden.Add(path);

    /// <summary>Creates an error at a path, positioned at the value (or at its property name when <paramref name="atKey"/>).</summary>
    public ValidationError Error(string path, string message, bool atKey = false)
    {
        if (IsOverridden(path))
        {
            return new ValidationError(path, null, null, $"{message} (value from --set)") { File = FilePath };
        }

        var position = map is null ? null : atKey ? map.KeyAt(path) : map.ValueAt(path);
        return new ValidationError(path, position?.Line, position?.Column, message) { File = FilePath };
    }

    private bool IsOverridden(string path)
    {
        foreach (var overridden in _overridden)
        {
            if (path == overridden
                || (path.StartsWith(overridden, StringComparison.Ordinal) && path.Length > overridden.Length && path[overridden.Length] is '.' or '['))
            {
                return true;
            }
        }

        return false;
    }
}
