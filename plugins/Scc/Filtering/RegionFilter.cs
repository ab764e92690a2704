using SeCo.Plugins.Scc.Noise;
using SeCo.Vision.Regions;

namespace SeCo.Plugins.Scc.Filtering;

/// <summary>Decides whether a corrected region is kept under a <see cref="FilterMode"/>.</summary>
public static class RegionFilter
{
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
