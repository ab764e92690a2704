namespace SeCo.Plugins.Scc.Data;

/// <summary>Which samples form one batch, and which of them are mirrored.</summary>
/// <param name="Indices">Sample indices, in batch order.</param>
/// <param name="Mirrors">Per sample: flip horizontally (training augmentation).</param>
public sealed record RegionBatchPlan(int[] Indices, bool[] Mirrors);
