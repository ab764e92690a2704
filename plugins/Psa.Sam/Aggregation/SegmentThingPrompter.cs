using SeCo.Vision.LabelMaps;
using SeCo.Vision.Segmentation;

namespace SeCo.Plugins.Psa.Aggregation;

/// <summary>
/// A weight-free stand-in for SAM's box + point prediction: the thing mask of a prompt is made of image segments
/// (e.g. Felzenszwalb) restricted to the prompt box.
/// </summary>
/// <remarks>
/// Rule, for a prompt of class <c>t</c> with the (unclipped, inclusive) box <c>B</c> and points <c>P</c>: a segment
/// joins the mask when at least <see cref="MinInsideShare"/> of its pixels lie inside <c>B</c> (so background
/// segments that merely cross the box stay out) and either it contains a point of <c>P</c> or class <c>t</c> holds
/// more than <see cref="MinClassShare"/> of its labelled (non-255) pixels. The mask is the joined segments' pixels
/// inside <c>B</c>. A component whose segments all fail the rule gets an empty mask.
/// </remarks>
public sealed class SegmentThingPrompter : IThingPrompter
{
    private readonly SegmentMap _segments;
    private readonly int[] _histogram;
    private readonly int[] _sizes;
    private readonly int[] _labelled;

    /// <summary>Creates a prompter over the segments of one image and its pseudo-label.</summary>
    /// <param name="segments">The image's partition at label size.</param>
    /// <param name="labels">The pixel pseudo-label (class shares of the segments).</param>
    /// <param name="minInsideShare">Share of a segment's pixels that must lie inside the box (0–1).</param>
    /// <param name="minClassShare">Share of a segment's labelled pixels the prompt's class needs (strict, 0–1).</param>
    public SegmentThingPrompter(SegmentMap segments, LabelMap labels, double minInsideShare = 0.5, double minClassShare = 0.5)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(labels);
        if (segments.Width != labels.Width || segments.Height != labels.Height)
        {
            throw new ArgumentException($"The segments are {segments.Width}x{segments.Height}, the labels {labels.Width}x{labels.Height}.", nameof(labels));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(minInsideShare, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minInsideShare, 1.0);
        ArgumentOutOfRangeException.ThrowIfLessThan(minClassShare, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minClassShare, 1.0);
        _segments = segments;
        MinInsideShare = minInsideShare;
        MinClassShare = minClassShare;
        _histogram = StuffVote.SegmentHistogram(labels.Data, segments);
        _sizes = new int[segments.Count];
        _labelled = new int[segments.Count];
        for (var s = 0; s < segments.Count; s++)
        {
            var counts = _histogram.AsSpan(s * 256, 256);
            var size = 0;
            foreach (var count in counts)
            {
                size += count;
            }

            _sizes[s] = size;
            _labelled[s] = size - counts[StuffVote.IgnoreValue];
        }
    }

    /// <summary>Share of a segment's pixels that must lie inside the box.</summary>
    public double MinInsideShare { get; }

    /// <summary>Share of a segment's labelled pixels the prompt's class needs (strict).</summary>
    public double MinClassShare { get; }

    /// <inheritdoc />
    public IReadOnlyList<byte[]> Predict(IReadOnlyList<ThingPrompt> prompts, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        if (width != _segments.Width || height != _segments.Height)
        {
            throw new ArgumentException($"The prompts are for {width}x{height}; the segments are {_segments.Width}x{_segments.Height}.", nameof(width));
        }

        var segmentOf = _segments.Labels;
        var inside = new int[_segments.Count];
        var member = new bool[_segments.Count];
        var masks = new byte[prompts.Count][];
        for (var p = 0; p < prompts.Count; p++)
        {
            var prompt = prompts[p];
            var mask = new byte[width * height];
            masks[p] = mask;
            var x0 = Math.Clamp(prompt.Box.X, 0, width - 1);
            var y0 = Math.Clamp(prompt.Box.Y, 0, height - 1);
            var x1 = Math.Clamp(prompt.Box.XMax, 0, width - 1);
            var y1 = Math.Clamp(prompt.Box.YMax, 0, height - 1);
            for (var y = y0; y <= y1; y++)
            {
                for (var x = x0; x <= x1; x++)
                {
                    inside[segmentOf[(y * width) + x]]++;
                }
            }

            foreach (var point in prompt.Points)
            {
                if ((uint)point.X < (uint)width && (uint)point.Y < (uint)height)
                {
                    member[segmentOf[(point.Y * width) + point.X]] = true;
                }
            }

            for (var y = y0; y <= y1; y++)
            {
                for (var x = x0; x <= x1; x++)
                {
                    var i = (y * width) + x;
                    var s = segmentOf[i];
                    if (Joins(s, prompt.ClassId, inside[s], member[s]))
                    {
                        mask[i] = 1;
                    }
                }
            }

            // Reset the per-prompt counters over the same pixels and points.
            for (var y = y0; y <= y1; y++)
            {
                for (var x = x0; x <= x1; x++)
                {
                    inside[segmentOf[(y * width) + x]] = 0;
                }
            }

            foreach (var point in prompt.Points)
            {
                if ((uint)point.X < (uint)width && (uint)point.Y < (uint)height)
                {
                    member[segmentOf[(point.Y * width) + point.X]] = false;
                }
            }
        }

        return masks;
    }

    private bool Joins(int segment, int classId, int insideCount, bool holdsPoint)
    {
        if (insideCount < MinInsideShare * _sizes[segment])
        {
            return false;
        }

        if (holdsPoint)
        {
            return true;
        }

        var labelled = _labelled[segment];
        return labelled > 0 && (uint)classId < 256 && _histogram[(segment * 256) + classId] > MinClassShare * labelled;
    }
}
