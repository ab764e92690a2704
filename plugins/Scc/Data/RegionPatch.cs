namespace SeCo.Plugins.Scc.Data;

/// <summary>The classifier input for one region (the reference's <c>__getitem__</c> output).</summary>
/// <param name="Image">Normalised BGR image, CHW float32 (3 x height x width).</param>
/// <param name="Mask">Region mask, height x width, 0/1.</param>
/// <param name="Label">The noisy label.</param>
/// <param name="Region">The crop window in image pixels.</param>
public sealed record RegionPatch(float[] Image, byte[] Mask, int Label, PatchRegion Region);
