using SeCo.Vision.LabelMaps;

namespace SeCo.Plugins.Psa.Aggregation;

/// <summary>The aggregated label map of one image and the thing components it was built from.</summary>
/// <param name="Labels">The aggregated map (255 where no accepted mask covers a pixel).</param>
/// <param name="Components">The thing components that reached the box step, in paint order.</param>
public sealed record AggregationResult(LabelMap Labels, IReadOnlyList<ThingComponent> Components);
