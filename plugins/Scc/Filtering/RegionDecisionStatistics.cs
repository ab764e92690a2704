using SeCo.Vision.Regions;

namespace SeCo.Plugins.Scc.Filtering;

/// <summary>
/// How well the keep/drop decisions match the ground-truth statistics of the regions (<c>true_label</c>): a region
/// is <em>noisy</em> when its pseudo-label differs from the majority ground-truth class. Dropping is scored as the
/// detection of noisy regions (precision = share of dropped regions that were noisy, recall = share of noisy regions
/// dropped), by count and by pixels; kept regions are scored by whether the painted class (the prediction, or the
/// noisy label) is the true one. Regions without ground truth or whose majority is 255 are left out.
/// </summary>
public sealed class RegionDecisionStatistics
{
    private long _keptPainted;
    private long _keptPaintedCorrect;

    /// <summary>Regions scored.</summary>
    public long Regions { get; private set; }

    /// <summary>Regions left out (no ground truth, or a 255 majority).</summary>
    public long Unscored { get; private set; }

    /// <summary>Dropped regions that were noisy (true positives of the drop decision).</summary>
    public long DroppedNoisy { get; private set; }

    /// <summary>Dropped regions.</summary>
    public long Dropped { get; private set; }

    /// <summary>Noisy regions.</summary>
    public long Noisy { get; private set; }

    /// <summary>Pixels of dropped noisy regions.</summary>
    public long DroppedNoisyPixels { get; private set; }

    /// <summary>Pixels of dropped regions.</summary>
    public long DroppedPixels { get; private set; }

    /// <summary>Pixels of noisy regions.</summary>
    public long NoisyPixels { get; private set; }

    /// <summary>Share of dropped regions that were noisy.</summary>
    public double DropPrecision => Ratio(DroppedNoisy, Dropped);

    /// <summary>Share of noisy regions that were dropped.</summary>
    public double DropRecall => Ratio(DroppedNoisy, Noisy);

    /// <summary><see cref="DropPrecision"/> weighted by pixels.</summary>
    public double DropPixelPrecision => Ratio(DroppedNoisyPixels, DroppedPixels);

    /// <summary><see cref="DropRecall"/> weighted by pixels.</summary>
    public double DropPixelRecall => Ratio(DroppedNoisyPixels, NoisyPixels);

    /// <summary>Share of kept regions painted with their true class.</summary>
    public double KeptCorrect => Ratio(_keptPaintedCorrect, _keptPainted);

    /// <summary>Scores one region.</summary>
    /// <param name="trueLabel">Its ground-truth statistics.</param>
    /// <param name="noisyLabel">Its pseudo-label class.</param>
    /// <param name="paintedLabel">The class it is painted with when kept.</param>
    /// <param name="area">Its pixels.</param>
    /// <param name="keep">The decision.</param>
    public void Add(TrueLabel? trueLabel, int noisyLabel, int paintedLabel, long area, bool keep)
    {
        if (trueLabel is not { } truth || truth.Id == 255)
        {
            Unscored++;
            return;
        }

        Regions++;
        var noisy = truth.Id != noisyLabel;
        if (noisy)
        {
            Noisy++;
            NoisyPixels += area;
        }

        if (keep)
        {
            _keptPainted++;
            _keptPaintedCorrect += paintedLabel == truth.Id ? 1 : 0;
            return;
        }

        Dropped++;
        DroppedPixels += area;
        if (noisy)
        {
            DroppedNoisy++;
            DroppedNoisyPixels += area;
        }
    }

    private static double Ratio(long part, long whole) => whole == 0 ? 0 : (double)part / whole;
}
