using SeCo.Vision.Regions;
using SeCo.Vision.Rle;

namespace SeCo.Plugins.Scc.Data;

/// <summary>
/// One training/inference sample of the region classifier: a connected region of a pseudo-label map,
/// kept as COCO RLE (decoded on demand, never held as a full-size mask).
/// </summary>
/// <param name="ImagePath">The image the region belongs to.</param>
/// <param name="Name">Image basename (the reference's <c>name</c>).</param>
/// <param name="Mask">The region mask at pseudo-label resolution.</param>
/// <param name="Box">The record's <c>bbox</c> at pseudo-label resolution.</param>
/// <param name="Label">The noisy label (<c>category_id</c>).</param>
/// <param name="TrueLabel">Ground-truth statistics when known.</param>
public sealed record RegionSample(string ImagePath, string Name, CocoRle Mask, RegionBox Box, int Label, TrueLabel? TrueLabel);
