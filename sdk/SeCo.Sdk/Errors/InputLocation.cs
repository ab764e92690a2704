namespace SeCo.Sdk.Errors;

/// <summary>Where a user mistake is: a file, a JSON path and line/column, an image id, a pixel.</summary>
/// <param name="File">The file at fault, if any.</param>
/// <param name="JsonPath">A JSON path inside that file, e.g. <c>$.stages[2].with.radius</c>.</param>
/// <param name="Line">1-based line, if known.</param>
/// <param name="Column">1-based column, if known.</param>
/// <param name="Item">The item (image id, list-file line) at fault, if any.</param>
public sealed record InputLocation(string? File = null, string? JsonPath = null, int? Line = null, int? Column = null, string? Item = null)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var parts = new List<string>(4);
        if (File is not null)
        {
            parts.Add(Line is null ? File : Column is null ? $"{File}:{Line}" : $"{File}:{Line}:{Column}");
        }
        else if (Line is not null)
        {
            parts.Add(Column is null ? $"line {Line}" : $"line {Line}:{Column}");
        }

        if (JsonPath is not null)
        {
            parts.Add(JsonPath);
        }

        if (Item is not null)
        {
            parts.Add(Item);
        }

        return string.Join(" ", parts);
    }
}
