using SeCo.Vision.Geometry;

namespace SeCo.Plugins.Psa.Aggregation;

/// <summary>The prompt of one thing component (spec psa §6.5): a box and one or two positive points, in label pixels.</summary>
/// <param name="ClassId">The thing class the predicted mask is painted with.</param>
/// <param name="Box">The box prompt (XYXY via <see cref="BoxPrompt.XMax"/>, <see cref="BoxPrompt.YMax"/>).</param>
/// <param name="Points">Positive point prompts as <c>(x, y)</c>.</param>
public sealed record ThingPrompt(int ClassId, BoxPrompt Box, IReadOnlyList<Point2I> Points);
