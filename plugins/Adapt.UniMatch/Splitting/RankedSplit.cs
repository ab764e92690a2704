namespace SeCo.Plugins.Adapt.UniMatch.Splitting;

/// <summary>Divides images by a quality score: the best <c>fraction</c> are labelled.</summary>
public static class RankedSplit
{
    /// <summary>
    /// Sorts by descending score (ties keep the input order) and labels the first <c>round(fraction · n)</c> images,
    /// at least one and, when there are two or more images, at most <c>n − 1</c> so neither subset is empty.
    /// </summary>
    /// <returns>The labelled and unlabelled ids, each in input order.</returns>
    public static (IReadOnlyList<string> Labeled, IReadOnlyList<string> Unlabeled) Divide(IReadOnlyList<ImageScore> scores, double fraction)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentOutOfRangeException.ThrowIfNegative(fraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1.0);
        if (scores.Count == 0)
        {
            return ([], []);
        }

        var count = (int)Math.Round(fraction * scores.Count, MidpointRounding.AwayFromZero);
        count = scores.Count >= 2 ? Math.Clamp(count, 1, scores.Count - 1) : 1;
        var order = new int[scores.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // Stable: descending score, then input position.
        Array.Sort(order, (a, b) =>
        {
            var byScore = scores[b].Score.CompareTo(scores[a].Score);
            return byScore != 0 ? byScore : a.CompareTo(b);
        });
        var labelled = new bool[scores.Count];
        for (var i = 0; i < count; i++)
        {
            labelled[order[i]] = true;
        }

        var labeled = new List<string>(count);
        var unlabeled = new List<string>(scores.Count - count);
        for (var i = 0; i < scores.Count; i++)
        {
            (labelled[i] ? labeled : unlabeled).Add(scores[i].Id);
        }

        return (labeled, unlabeled);
    }
}
