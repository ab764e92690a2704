using SeCo.Vision.LabelMaps;

namespace SeCo.Vision.Thresholds;

/// <summary>Turns one image's class probabilities into a pseudo-label map with the thresholds of a <see cref="ClassThresholds"/>.</summary>
public sealed class PseudoLabeler
{
    private readonly ThresholdMode _mode;
    private readonly float[] _thresholds;

    /// <summary>Creates the labeler.</summary>
    public PseudoLabeler(ClassThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        _mode = thresholds.Mode;
        _thresholds = thresholds.Effective();
    }

    /// <summary>Number of classes.</summary>
    public int Classes => _thresholds.Length;

    /// <summary>Labels one image.</summary>
    /// <param name="probabilities">Probabilities <c>[classes, pixels]</c> (C-order <c>C x H x W</c>).</param>
    /// <param name="labels">Receives the class per pixel, <see cref="LabelMap.Ignore"/> where below threshold.</param>
    /// <param name="confidence">Scratch space of one float per pixel.</param>
    public void Assign(ReadOnlySpan<float> probabilities, Span<byte> labels, Span<float> confidence)
    {
        var pixels = labels.Length;
        if (_mode == ThresholdMode.ClassTopPortion)
        {
            ProbabilityMaps.MaxArgmax(probabilities, Classes, labels, confidence);
            for (var i = 0; i < pixels; i++)
            {
                if (confidence[i] < _thresholds[labels[i]])
                {
                    labels[i] = LabelMap.Ignore;
                }
            }

            return;
        }

        if (probabilities.Length != Classes * pixels || confidence.Length != pixels)
        {
            throw new ArgumentException($"Expected {Classes} x {pixels} probabilities.", nameof(probabilities));
        }

        // CBST: rw_c = p_c / thr_c (float32); label = argmax rw (first maximum); ignored where max rw < 1.
        var plane = probabilities[..pixels];
        var firstThreshold = _thresholds[0];
        for (var i = 0; i < pixels; i++)
        {
            confidence[i] = plane[i] / firstThreshold;
        }

        labels.Clear();
        for (var c = 1; c < Classes; c++)
        {
            plane = probabilities.Slice(c * pixels, pixels);
            var threshold = _thresholds[c];
            for (var i = 0; i < pixels; i++)
            {
                var weighted = plane[i] / threshold;
                if (weighted > confidence[i])
                {
                    confidence[i] = weighted;
                    labels[i] = (byte)c;
                }
            }
        }

        for (var i = 0; i < pixels; i++)
        {
            if (confidence[i] < 1f)
            {
                labels[i] = LabelMap.Ignore;
            }
        }
    }
}
