namespace SeCo.Vision.Checkpoints;

/// <summary>What <see cref="StateDictLoader.Load"/> did: which keys it copied and which did not fit.</summary>
/// <param name="Loaded">Keys copied into the module.</param>
/// <param name="MissingKeys">Module parameters and buffers the checkpoint lacks (left as they were).</param>
/// <param name="UnexpectedKeys">Checkpoint tensors the module has no parameter or buffer for.</param>
/// <param name="ShapeMismatches">Keys present on both sides with different shapes (not copied).</param>
public sealed record StateDictLoadResult(
    IReadOnlyList<string> Loaded,
    IReadOnlyList<string> MissingKeys,
    IReadOnlyList<string> UnexpectedKeys,
    IReadOnlyList<ShapeMismatch> ShapeMismatches)
{
    /// <summary>Whether every key matched on both sides with the same shape.</summary>
    public bool IsExactMatch => MissingKeys.Count == 0 && UnexpectedKeys.Count == 0 && ShapeMismatches.Count == 0;

    /// <summary>A multi-line description of the problems, empty for an exact match.</summary>
    public string Describe()
    {
        var lines = new List<string>();
        if (MissingKeys.Count > 0)
        {
            lines.Add($"missing keys ({MissingKeys.Count}): {string.Join(", ", MissingKeys)}");
        }

        if (UnexpectedKeys.Count > 0)
        {
            lines.Add($"unexpected keys ({UnexpectedKeys.Count}): {string.Join(", ", UnexpectedKeys)}");
        }

        if (ShapeMismatches.Count > 0)
        {
            lines.Add($"shape mismatches ({ShapeMismatches.Count}): {string.Join("; ", ShapeMismatches)}");
        }

        return string.Join(Environment.NewLine, lines);
    }
}
