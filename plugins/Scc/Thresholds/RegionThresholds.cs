namespace SeCo.Plugins.Scc.Thresholds;

/// <summary>
/// Thresholds of <c>convert_json_2input</c> for a set of regions: global loss/score thresholds, per-region local
/// thresholds of the region's <b>predicted</b> class, and the "global" thresholds that are the mean of the
/// per-region local ones (region-count weighted, not equal to the plain global ones).
/// </summary>
public sealed class RegionThresholds
{
    private RegionThresholds(double loss, double score, double[] localLoss, double[] localScore, double globalLoss, double globalScore)
    {
        LossThreshold = loss;
        ScoreThreshold = score;
        LocalLossThresholds = localLoss;
        LocalScoreThresholds = localScore;
        GlobalLossThreshold = globalLoss;
        GlobalScoreThreshold = globalScore;
    }

    /// <summary><c>determine_threshold(all losses, ratio)</c>.</summary>
    public double LossThreshold { get; }

    /// <summary><c>determine_threshold(all scores, 1 − ratio)</c>.</summary>
    public double ScoreThreshold { get; }

    /// <summary>Per region: the loss threshold of the regions predicted as the same class.</summary>
    public IReadOnlyList<double> LocalLossThresholds { get; }

    /// <summary>Per region: the score threshold of the regions predicted as the same class.</summary>
    public IReadOnlyList<double> LocalScoreThresholds { get; }

    /// <summary>Mean of <see cref="LocalLossThresholds"/>.</summary>
    public double GlobalLossThreshold { get; }

    /// <summary>Mean of <see cref="LocalScoreThresholds"/>.</summary>
    public double GlobalScoreThreshold { get; }

    /// <summary>Computes the thresholds; the three spans are per region, in the same order.</summary>
    /// <param name="losses">Per-region loss w.r.t. the noisy label.</param>
    /// <param name="scores">Per-region softmax confidence of the prediction.</param>
    /// <param name="predictions">Per-region predicted class.</param>
    /// <param name="ratio">The noise ratio (0.5 in the reference).</param>
    /// <exception cref="ArgumentException">No regions, or spans of different lengths.</exception>
    public static RegionThresholds Compute(ReadOnlySpan<double> losses, ReadOnlySpan<double> scores, ReadOnlySpan<int> predictions, double ratio)
    {
        if (losses.Length != scores.Length || losses.Length != predictions.Length)
        {
            throw new ArgumentException("Losses, scores and predictions must have one entry per region.");
        }

        var loss = ThresholdSelector.Determine(losses, ratio);
        var score = ThresholdSelector.Determine(scores, 1 - ratio);
        var byClass = new Dictionary<int, (List<double> Losses, List<double> Scores)>();
        for (var i = 0; i < predictions.Length; i++)
        {
            if (!byClass.TryGetValue(predictions[i], out var lists))
            {
                lists = ([], []);
                byClass[predictions[i]] = lists;
            }

            lists.Losses.Add(losses[i]);
            lists.Scores.Add(scores[i]);
        }

        var classThresholds = new Dictionary<int, (double Loss, double Score)>(byClass.Count);
        foreach (var (cls, lists) in byClass)
        {
            classThresholds[cls] = (
                ThresholdSelector.Determine(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(lists.Losses), ratio),
                ThresholdSelector.Determine(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(lists.Scores), 1 - ratio));
        }

        var localLoss = new double[predictions.Length];
        var localScore = new double[predictions.Length];
        for (var i = 0; i < predictions.Length; i++)
        {
            (localLoss[i], localScore[i]) = classThresholds[predictions[i]];
        }

        return new RegionThresholds(loss, score, localLoss, localScore, NumpyMean.Of(localLoss), NumpyMean.Of(localScore));
    }
}
