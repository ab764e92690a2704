using SeCo.Vision.Geometry;
using SeCo.Vision.Regions;

namespace SeCo.Plugins.Psa.Aggregation;

/// <summary>
/// A thing component that reached the box step (spec psa §6.2–§6.4): its region, its box geometry and its purity
/// points. <see cref="Prompt"/> is <see langword="null"/> when the unclip yields no polygon (the reference skips it).
/// </summary>
/// <param name="Region">The connected component (class, area, first pixel, bounding box).</param>
/// <param name="Geometry">Contour, mini box, unclip polygons and box.</param>
/// <param name="Points">The purity-chosen points.</param>
public sealed record ThingComponent(Region Region, ComponentBoxGeometry Geometry, IReadOnlyList<Point2I> Points)
{
    /// <summary>The thing class.</summary>
    public int ClassId => Region.Class;

    /// <summary>The prompt sent to the predictor, or <see langword="null"/> when the component is skipped.</summary>
    public ThingPrompt? Prompt => Geometry.Box is { } box ? new ThingPrompt(Region.Class, box, Points) : null;
}
