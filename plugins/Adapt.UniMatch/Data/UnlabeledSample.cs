namespace SeCo.Plugins.Adapt.UniMatch.Data;

/// <summary>An unlabelled training crop on the CPU: weak view, two strong views, padding mask and CutMix boxes.</summary>
/// <param name="Weak">Normalised weak view, CHW.</param>
/// <param name="Strong1">Normalised first strong view.</param>
/// <param name="Strong2">Normalised second strong view.</param>
/// <param name="IgnoreMask">255 where the crop was padded (the mask read 254), else 0.</param>
/// <param name="Box1">CutMix box of the first strong view, or null.</param>
/// <param name="Box2">CutMix box of the second strong view, or null.</param>
public sealed record UnlabeledSample(float[] Weak, float[] Strong1, float[] Strong2, long[] IgnoreMask, CutMixBox? Box1, CutMixBox? Box2);
