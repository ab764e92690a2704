namespace SeCo.Plugins.Adapt.UniMatch.Data;

/// <summary>A labelled training crop on the CPU.</summary>
/// <param name="Image">Normalised image, CHW <c>[3, size, size]</c>.</param>
/// <param name="Mask">Target class per pixel <c>[size, size]</c>, 255 = ignore (also the padding).</param>
public sealed record LabeledSample(float[] Image, long[] Mask);
