using System.Text.Json;
using System.Text.Json.Nodes;

namespace SeCo.Host.Pipelines;

/// <summary>
/// A command-line override <c>--set stageId.with.key=value</c> (nested keys with dots:
/// <c>stage.with.nested.points=16</c>) or of a top-level field, <c>--set seed=3</c> (<see cref="TopLevelFields"/>).
/// The value is JSON when it parses as JSON, else a string.
/// </summary>
/// <param name="StageId">The stage whose options change; null for a top-level field.</param>
/// <param name="Keys">The option keys from the <c>with</c> object down, or the one top-level field.</param>
/// <param name="RawValue">The text after '='.</param>
/// <param name="Text">The override as typed.</param>
internal sealed record SetOverride(string? StageId, IReadOnlyList<string> Keys, string RawValue, string Text)
{
    /// <summary>The top-level fields <c>--set field=value</c> may replace (everything but <c>stages</c> and <c>$schema</c>).</summary>
    public static readonly IReadOnlyList<string> TopLevelFields = [.. PipelineParser.TopLevelKeys.Where(k => k is not ("$schema" or "stages"))];

    /// <summary>True for a top-level override (<c>seed=3</c>), false for a stage option.</summary>
    public bool IsTopLevel => StageId is null;

    /// <summary>Parses an override; throws <see cref="FormatException"/> with a sentence saying what was expected.</summary>
    public static SetOverride Parse(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new FormatException($"--set '{text}': expected stageId.with.key=value.");
        }

        var parts = text[..equals].Split('.');
        if (parts.Length == 1)
        {
            return TopLevelFields.Contains(parts[0], StringComparer.Ordinal)
                ? new SetOverride(null, parts, text[(equals + 1)..], text)
                : throw new FormatException($"--set '{text}': expected stageId.with.key=value or a top-level field ({string.Join(", ", TopLevelFields)})=value.{EditDistance.Suggest(parts[0], TopLevelFields)}");
        }

        if (parts.Length < 3 || parts[1] != "with" || parts.Any(s => s.Length == 0))
        {
            throw new FormatException($"--set '{text}': expected stageId.with.key=value (nested keys separated by dots).");
        }

        return new SetOverride(parts[0], parts[2..], text[(equals + 1)..], text);
    }

    /// <summary>The value as a JSON node: parsed JSON when it is valid JSON, otherwise the text as a string.</summary>
    public JsonNode? Value
    {
        get
        {
            try
            {
                return JsonNode.Parse(RawValue);
            }
            catch (JsonException)
            {
                return JsonValue.Create(RawValue);
            }
        }
    }
}
