using System.Diagnostics;
using SeCo.Plugins.Psa.Aggregation;
using SeCo.Plugins.Psa.MaskGeneration;
using SeCo.Plugins.Psa.Prompting;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Segmentation;

namespace SeCo.Plugins.Psa.Stages;

/// <summary>
/// One image's aggregation with the configured proposer. With SAM the image is encoded once: the predictor's
/// embedding serves both the automatic masks and the thing prompts (the reference encodes it twice, quirk 1; the
/// results are the same). With Felzenszwalb no network runs at all.
/// </summary>
internal sealed class ImageAggregation(PsaOptions options, PixelSemanticAggregator aggregator, AutomaticMaskGenerator? generator, SamPredictor? predictor)
{
    /// <summary>Regions of the last image (SAM masks or segments).</summary>
    public int LastRegionCount { get; private set; }

    /// <summary>Milliseconds the last image spent on encoding and region proposals.</summary>
    public long LastProposeMilliseconds { get; private set; }

    /// <summary>Milliseconds the last image spent on the stuff vote and the thing prompts.</summary>
    public long LastPromptMilliseconds { get; private set; }

    /// <summary>Aggregates <paramref name="label"/>; <paramref name="image"/> has the label's size.</summary>
    public AggregationResult Aggregate(RgbImage image, LabelMap label)
    {
        var stopwatch = Stopwatch.StartNew();
        AggregationResult result;
        if (options.Proposer == PsaProposer.Felzenszwalb)
        {
            var segments = FelzenszwalbSegmentation.Segment(image, options.Felzenszwalb.ToParameters());
            LastRegionCount = segments.Count;
            LastProposeMilliseconds = stopwatch.ElapsedMilliseconds;
            var prompter = new SegmentThingPrompter(segments, label, options.Felzenszwalb.ThingInsideShare, options.Felzenszwalb.ThingClassShare);
            result = aggregator.Aggregate(label, segments, prompter);
        }
        else
        {
            var sam = predictor ?? throw new InvalidOperationException("The SAM proposer needs a predictor.");
            var proposer = new SamRegionProposer(generator ?? throw new InvalidOperationException("The SAM proposer needs a mask generator."));
            sam.SetImage(image);
            try
            {
                var masks = proposer.Propose(image, sam);
                LastRegionCount = masks.Count;
                LastProposeMilliseconds = stopwatch.ElapsedMilliseconds;
                result = aggregator.Aggregate(label, masks, new SamThingPrompter(sam, options.PromptBatchSize));
            }
            finally
            {
                sam.ResetImage();
            }
        }

        LastPromptMilliseconds = stopwatch.ElapsedMilliseconds - LastProposeMilliseconds;
        return result;
    }
}
