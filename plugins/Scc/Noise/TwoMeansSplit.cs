namespace SeCo.Plugins.Scc.Noise;

/// <summary>
/// The exact optimal 2-means split of 1-D data (spec <c>scc-ld.md</c> §4.3 step 1): sort ascending (ties by index),
/// take the cut between two different values with the smallest within-group sum of squares (the first on equal
/// sums); label 0 = the low group, 1 = the high group. The deterministic replacement of scikit-learn's k-means++
/// initialisation.
/// </summary>
internal static class TwoMeansSplit
{
    /// <summary>Per value, in input order: 0 (low group) or 1 (high group).</summary>
    /// <exception cref="ArgumentException">Fewer than two distinct values (no cut exists).</exception>
    public static int[] Labels(ReadOnlySpan<double> x)
    {
        var n = x.Length;
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var values = x.ToArray();
        Array.Sort(order, (a, b) => values[a] != values[b] ? values[a].CompareTo(values[b]) : a.CompareTo(b));
        var prefix = new double[n + 1];
        var prefixSquares = new double[n + 1];
        for (var i = 0; i < n; i++)
        {
            var v = values[order[i]];
            prefix[i + 1] = prefix[i] + v;
            prefixSquares[i + 1] = prefixSquares[i] + (v * v);
        }

        var best = -1;
        var bestSse = double.PositiveInfinity;
        for (var s = 1; s < n; s++)
        {
            if (values[order[s - 1]] == values[order[s]])
            {
                continue;
            }

            var low = prefix[s];
            var high = prefix[n] - low;
            var lowSquares = prefixSquares[s];
            var highSquares = prefixSquares[n] - lowSquares;
            var sse = (lowSquares - (low * low / s)) + (highSquares - (high * high / (n - s)));
            if (sse < bestSse)
            {
                bestSse = sse;
                best = s;
            }
        }

        if (best < 0)
        {
            throw new ArgumentException("A 2-means split needs at least two distinct values.", nameof(x));
        }

        var labels = new int[n];
        for (var i = best; i < n; i++)
        {
            labels[order[i]] = 1;
        }

        return labels;
    }
}
