namespace SeCo.Host.Pipelines;

/// <summary>One problem found in a pipeline: where it is (JSON path, line, column) and what is wrong.</summary>
/// <param name="JsonPath">JSON path of the offending value, e.g. <c>$.stages[2].with.radius</c>.</param>
/// <param name="Line">1-based line in the pipeline file, or null when the value came from the command line.</param>
/// <param name="Column">1-based column in the pipeline file, or null.</param>
/// <param name="Message">What is wrong and what was expected.</param>
internal sealed record ValidationError(string JsonPath, int? Line, int? Column, string Message)
{
    /// <summary>The pipeline file, when known.</summary>
    public string? File { get; init; }

    /// <inheritdoc />
    public override string ToString()
    {
        var where = File ?? "pipeline";
        if (Line is not null)
        {
            where += Column is null ? $":{Line}" : $":{Line}:{Column}";
        }

        return $"{where}: {JsonPath}: {Message}";
    }
}
