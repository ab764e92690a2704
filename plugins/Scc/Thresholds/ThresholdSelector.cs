namespace SeCo.Plugins.Scc.Thresholds;

/// <summary>
/// The reference's <c>determine_threshold(values, ratio)</c>: <c>sorted(values)[min(int(n · ratio), n − 1)]</c>
/// with Python semantics (the index is the truncated double product; a negative index counts from the end).
/// </summary>
public static class ThresholdSelector
{
    /// <summary>Returns the value at quantile-like position <paramref name="ratio"/> of <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException">No values, or a ratio so negative that Python would raise IndexError.</exception>
    public static double Determine(ReadOnlySpan<double> values, double ratio)
    {
        var n = values.Length;
        if (n == 0)
        {
            throw new ArgumentException("Cannot determine a threshold from no values.", nameof(values));
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        var index = Math.Min((long)Math.Truncate(n * ratio), n - 1);
        if (index < 0)
        {
            index += n;
        }

        if (index < 0)
        {
            throw new ArgumentException($"Ratio {ratio} indexes before the first of {n} values.", nameof(ratio));
        }

        return sorted[index];
    }
}
