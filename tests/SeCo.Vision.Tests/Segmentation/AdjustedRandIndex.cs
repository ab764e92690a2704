namespace SeCo.Vision.Tests.Segmentation;

/// <summary>
/// The adjusted Rand index of two partitions (Hubert &amp; Arabie; scikit-learn's <c>adjusted_rand_score</c>):
/// 1 for identical partitions up to renaming, about 0 for independent ones.
/// </summary>
internal static class AdjustedRandIndex
{
    public static double Compute(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"The partitions have {a.Length} and {b.Length} elements.", nameof(b));
        }

        var contingency = new Dictionary<long, long>();
        var rows = new Dictionary<int, long>();
        var columns = new Dictionary<int, long>();
        for (var i = 0; i < a.Length; i++)
        {
            var key = ((long)a[i] << 32) | (uint)b[i];
            contingency[key] = contingency.GetValueOrDefault(key) + 1;
            rows[a[i]] = rows.GetValueOrDefault(a[i]) + 1;
            columns[b[i]] = columns.GetValueOrDefault(b[i]) + 1;
        }

        static double Pairs(long n) => n * (n - 1) / 2.0;
        var index = contingency.Values.Sum(Pairs);
        var sumRows = rows.Values.Sum(Pairs);
        var sumColumns = columns.Values.Sum(Pairs);
        var expected = sumRows * sumColumns / Pairs(a.Length);
        var maximum = (sumRows + sumColumns) / 2;
        return maximum == expected ? 1.0 : (index - expected) / (maximum - expected);
    }
}
