using SeCo.Plugins.Scc.Noise;
using SeCo.Vision.Regions;

namespace SeCo.Plugins.Scc.Filtering;

/// <summary>Decides whether a corrected region is kept under a <see cref="FilterMode"/>.</summary>
public static class RegionFilter
{
    /// <summary>Parses the reference's mode names (<c>both_loss</c>, <c>local_score</c>, <c>none</c>, ...) and <c>gmm</c> (SCC-LD).</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static FilterMode Parse(string name) => name switch
    {
        "none" or "None" => FilterMode.None,
        "loss" => FilterMode.Loss,
        "score" => FilterMode.Score,
        "both" => FilterMode.Both,
        "local_loss" => FilterMode.LocalLoss,
        "local_score" => FilterMode.LocalScore,
        "local_both" => FilterMode.LocalBoth,
        "both_loss" => FilterMode.BothLoss,
        "both_score" => FilterMode.BothScore,
        "both_both" => FilterMode.BothBoth,
        "gmm" => FilterMode.Gmm,
        _ => throw new ArgumentException(
            $"Unknown filter mode '{name}'; expected none, loss, score, both, local_loss, local_score, local_both, both_loss, both_score, both_both or gmm.", nameof(name)),
    };

    /// <summary>True when <paramref name="record"/> survives <paramref name="mode"/>.</summary>
    /// <exception cref="ArgumentException">The record lacks the loss, score or thresholds the mode needs.</exception>
    public static bool Keeps(RegionRecord record, FilterMode mode)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (mode == FilterMode.None)
        {
            return true;
        }

        if (mode == FilterMode.Gmm)
        {
            return NoiseDecisionRule.Decide(
                Require(record.NoiseProbability, "noise_probability", record), Require(record.Score, "score", record),
                Require(record.NoiseThreshold, "noise_threshold", record), Require(record.CorrectionThreshold, "correction_threshold", record)) != RegionDecision.Drop;
        }

        var loss = Require(record.Loss, "loss", record);
        var score = Require(record.Score, "score", record);
        var dropLoss = loss > Require(record.LossThreshold, "loss_threshold", record);
        var dropScore = score < Require(record.ScoreThreshold, "score_threshold", record);
        var dropLocalLoss = loss > Require(record.LocalLossThreshold, "local_loss_threshold", record);
        var dropLocalScore = score < Require(record.LocalScoreThreshold, "local_score_threshold", record);
        var dropBothLoss = dropLocalLoss && loss > Require(record.GlobalLossThreshold, "global_loss_threshold", record);
        var dropBothScore = dropLocalScore && score < Require(record.GlobalScoreThreshold, "global_score_threshold", record);
        var drop = mode switch
        {
            FilterMode.Loss => dropLoss,
            FilterMode.Score => dropScore,
            FilterMode.Both => dropLoss || dropScore,
            FilterMode.LocalLoss => dropLocalLoss,
            FilterMode.LocalScore => dropLocalScore,
            FilterMode.LocalBoth => dropLocalLoss || dropLocalScore,
            FilterMode.BothLoss => dropBothLoss,
            FilterMode.BothScore => dropBothScore,
            FilterMode.BothBoth => dropBothLoss || dropBothScore,
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown filter mode."),
        };
        return !drop;
    }

    private static double Require(double? value, string name, RegionRecord record) =>
        value ?? throw new ArgumentException($"Region {record.Id} has no '{name}'; expected a corrected region record.", nameof(record));
}
