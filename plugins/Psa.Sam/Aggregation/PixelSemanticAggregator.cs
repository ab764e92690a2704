using SeCo.Vision.LabelMaps;
using SeCo.Vision.Segmentation;

namespace SeCo.Plugins.Psa.Aggregation;

/// <summary>
/// SeCo's Pixel Semantic Aggregation for one image (spec psa §4–§6.5): the map starts as ignore, region proposals
/// vote on stuff classes, then every thing component is re-segmented by its box + point prompt and painted in
/// class order, component order.
/// </summary>
public sealed class PixelSemanticAggregator
{
    private readonly AggregationSettings _settings;

    /// <summary>Creates an aggregator.</summary>
    public PixelSemanticAggregator(AggregationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.NumClasses);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.MinComponentPixels);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.PurityRadius);
        _settings = settings;
    }

    /// <summary>The settings in use.</summary>
    public AggregationSettings Settings => _settings;

    /// <summary>Aggregates <paramref name="labels"/>.</summary>
    /// <param name="labels">The pixel pseudo-label (not modified).</param>
    /// <param name="proposals">Region proposal masks at label size, row-major, in proposal order.</param>
    /// <param name="prompter">Predicts the thing masks; called once with every prompt of the image.</param>
    public AggregationResult Aggregate(LabelMap labels, IReadOnlyList<byte[]> proposals, IThingPrompter prompter)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(proposals);
        ArgumentNullException.ThrowIfNull(prompter);
        var (prompts, thingMasks, components) = PromptThings(labels, prompter);
        return new AggregationResult(Paint(labels, proposals, prompts, thingMasks), components);
    }

    /// <summary>Aggregates <paramref name="labels"/> with a partition of the image (e.g. Felzenszwalb segments) as the regions.</summary>
    /// <param name="labels">The pixel pseudo-label (not modified).</param>
    /// <param name="segments">The partition at label size; every segment votes (their order does not matter).</param>
    /// <param name="prompter">Predicts the thing masks; called once with every prompt of the image.</param>
    public AggregationResult Aggregate(LabelMap labels, SegmentMap segments, IThingPrompter prompter)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(prompter);
        var (prompts, thingMasks, components) = PromptThings(labels, prompter);
        var final = NewMap(labels);
        StuffVote.ApplyPartition(labels.Data, segments, _settings.StuffIds, _settings.StuffVoteThreshold, final.Data);
        PaintThings(labels, final, prompts, thingMasks);
        return new AggregationResult(final, components);
    }

    private (List<ThingPrompt> Prompts, IReadOnlyList<byte[]> Masks, List<ThingComponent> Components) PromptThings(LabelMap labels, IThingPrompter prompter)
    {
        var components = ThingComponentFinder.Find(labels.Data, labels.Width, labels.Height, _settings);
        var prompts = new List<ThingPrompt>(components.Count);
        foreach (var component in components)
        {
            if (component.Prompt is { } prompt)
            {
                prompts.Add(prompt);
            }
        }

        var thingMasks = prompts.Count == 0 ? [] : prompter.Predict(prompts, labels.Width, labels.Height);
        if (thingMasks.Count != prompts.Count)
        {
            throw new InvalidOperationException($"The prompter returned {thingMasks.Count} masks for {prompts.Count} prompts.");
        }

        return (prompts, thingMasks, components);
    }

    /// <summary>Paints the stuff vote and then the thing masks (in prompt order) into a fresh ignore map.</summary>
    public LabelMap Paint(LabelMap labels, IReadOnlyList<byte[]> proposals, IReadOnlyList<ThingPrompt> prompts, IReadOnlyList<byte[]> thingMasks)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(thingMasks);
        var final = NewMap(labels);
        StuffVote.Apply(labels.Data, proposals, _settings.StuffIds, _settings.StuffVoteThreshold, final.Data);
        PaintThings(labels, final, prompts, thingMasks);
        return final;
    }

    /// <summary>A fresh all-ignore map of the label's size.</summary>
    private static LabelMap NewMap(LabelMap labels)
    {
        var map = new LabelMap(labels.Width, labels.Height);
        map.Data.AsSpan().Fill(LabelMap.Ignore);
        return map;
    }

    private void PaintThings(LabelMap labels, LabelMap final, IReadOnlyList<ThingPrompt> prompts, IReadOnlyList<byte[]> thingMasks)
    {
        var pixels = final.Data;
        var fixes = _settings.Fixes;
        if (fixes.StuffKeepsThingPixels)
        {
            // Undo the stuff vote on pixels the input labels as a thing class (before the things are painted).
            Span<bool> isThing = stackalloc bool[256];
            foreach (var id in _settings.ThingIds)
            {
                if ((uint)id < 255)
                {
                    isThing[id] = true;
                }
            }

            var input = labels.Data;
            for (var i = 0; i < pixels.Length; i++)
            {
                if (isThing[input[i]])
                {
                    pixels[i] = LabelMap.Ignore;
                }
            }
        }

        for (var k = 0; k < prompts.Count; k++)
        {
            var mask = thingMasks[k];
            if (mask.Length != pixels.Length)
            {
                throw new ArgumentException($"Thing mask {k} holds {mask.Length} pixels; the label map {pixels.Length}.", nameof(thingMasks));
            }

            var value = (byte)prompts[k].ClassId;
            for (var i = 0; i < mask.Length; i++)
            {
                if (mask[i] != 0)
                {
                    pixels[i] = value;
                }
            }
        }

        if (fixes.KeepUncoveredLabels)
        {
            // Nothing paints 255, so the pixels still at 255 are exactly those no region or thing mask claimed.
            var input = labels.Data;
            for (var i = 0; i < pixels.Length; i++)
            {
                if (pixels[i] == LabelMap.Ignore && input[i] < _settings.NumClasses)
                {
                    pixels[i] = input[i];
                }
            }
        }
    }
}
