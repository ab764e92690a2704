namespace SeCo.Plugins.Scc.Data;

/// <summary>One collated batch on the CPU, ready to become tensors.</summary>
/// <param name="Plan">The samples it holds.</param>
/// <param name="Images">B x 3 x H x W normalised BGR patches.</param>
/// <param name="Masks">B x 1 x H x W region masks (0/1).</param>
/// <param name="Labels">B noisy labels.</param>
public sealed record RegionBatch(RegionBatchPlan Plan, float[] Images, byte[] Masks, long[] Labels)
{
    /// <summary>Number of samples.</summary>
    public int Count => Plan.Indices.Length;
}
