namespace SeCo.Plugins.Scc.Data;

/// <summary>
/// The training sampler of <c>train_src.py</c> (shuffle, <c>drop_last</c>, restarted when exhausted, random
/// mirror per sample), driven by one seeded <see cref="Random"/> so that a seed fixes every batch. Iteration
/// <c>it</c>'s batch never depends on where training was resumed.
/// </summary>
public sealed class RegionBatchSampler
{
    private readonly int _sampleCount;
    private readonly int _batchSize;
    private readonly int _seed;

    /// <summary>Creates the sampler.</summary>
    public RegionBatchSampler(int sampleCount, int batchSize, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleCount, batchSize);
        _sampleCount = sampleCount;
        _batchSize = batchSize;
        _seed = seed;
    }

    /// <summary>The batches of iterations 1..<paramref name="iterations"/>, in order (lazily).</summary>
    public IEnumerable<RegionBatchPlan> Plans(int iterations)
    {
        var random = new Random(_seed);
        var order = new int[_sampleCount];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var position = order.Length;
        for (var it = 1; it <= iterations; it++)
        {
            if (position + _batchSize > order.Length)
            {
                random.Shuffle(order);
                position = 0;
            }

            var indices = order.AsSpan(position, _batchSize).ToArray();
            position += _batchSize;
            var mirrors = new bool[_batchSize];
            for (var b = 0; b < mirrors.Length; b++)
            {
                mirrors[b] = random.Next(2) == 1;
            }

            yield return new RegionBatchPlan(indices, mirrors);
        }
    }

    /// <summary>Consecutive unmirrored batches over all samples (inference order; the last one may be short).</summary>
    public static IEnumerable<RegionBatchPlan> Sequential(int sampleCount, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        for (var start = 0; start < sampleCount; start += batchSize)
        {
            var count = Math.Min(batchSize, sampleCount - start);
            var indices = new int[count];
            for (var b = 0; b < count; b++)
            {
                indices[b] = start + b;
            }

            yield return new RegionBatchPlan(indices, new bool[count]);
        }
    }
}
