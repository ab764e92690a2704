namespace SeCo.Plugins.Adapt.UniMatch.Data;

/// <summary>
/// Decides which images and which random draws each iteration uses, from the seed alone, so a resumed run reads the
/// same data as an uninterrupted one. Per epoch the unlabelled order (shared by the main and the mix stream, as the
/// reference's epoch-seeded samplers are) and the labelled order are seeded permutations; every sample's
/// augmentation gets a source seeded by <c>(seed, iteration, stream, slot)</c>.
/// </summary>
public sealed class TrainingSampler
{
    private readonly int _seed;
    private readonly int _labeledCount;
    private readonly int _unlabeledCount;

    /// <summary>Creates the sampler.</summary>
    /// <param name="seed">The stage seed.</param>
    /// <param name="labeledCount">Length of the (repeated) labelled dataset.</param>
    /// <param name="unlabeledCount">Length of the unlabelled dataset.</param>
    /// <param name="batchSize">Images per batch (labelled and unlabelled).</param>
    public TrainingSampler(int seed, int labeledCount, int unlabeledCount, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(labeledCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (unlabeledCount < batchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(unlabeledCount), unlabeledCount, $"Expected at least one batch of {batchSize} unlabelled images.");
        }

        _seed = seed;
        _labeledCount = labeledCount;
        _unlabeledCount = unlabeledCount;
        BatchSize = batchSize;
    }

    /// <summary>Images per batch.</summary>
    public int BatchSize { get; }

    /// <summary><c>len(loader_u)</c> with <c>drop_last</c>: <c>floor(n_u / batch)</c>.</summary>
    public int IterationsPerEpoch => _unlabeledCount / BatchSize;

    /// <summary>The dataset indices of an iteration: labelled and unlabelled (the mix stream uses the unlabelled ones).</summary>
    public (int[] Labeled, int[] Unlabeled) Indices(long iteration)
    {
        var epoch = iteration / IterationsPerEpoch;
        var step = (int)(iteration % IterationsPerEpoch);
        var unlabeledOrder = Permutation(_unlabeledCount, Mix(_seed, epoch, 0));
        var labeledOrder = Permutation(_labeledCount, Mix(_seed, epoch, 1));
        var labeled = new int[BatchSize];
        var unlabeled = new int[BatchSize];
        for (var b = 0; b < BatchSize; b++)
        {
            var position = step * BatchSize + b;
            unlabeled[b] = unlabeledOrder[position];
            labeled[b] = labeledOrder[position % _labeledCount];
        }

        return (labeled, unlabeled);
    }

    /// <summary>The random source of one sample's augmentation (stream 0 labelled, 1 unlabelled, 2 mix).</summary>
    public SeededRandomSource Augmentation(long iteration, int stream, int slot) => new(Mix(_seed, iteration, stream * 1_000_003L + slot + 2));

    /// <summary>The torch seed of an iteration's feature-perturbation dropout.</summary>
    public long TorchSeed(long iteration) => Mix(_seed, iteration, -1) & 0x7FFF_FFFF;

    private static int[] Permutation(int count, int seed)
    {
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        new Random(seed).Shuffle(order);
        return order;
    }

    /// <summary>SplitMix64 over the three values, folded to an int seed.</summary>
    private static int Mix(long seed, long a, long b)
    {
        var x = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)a * 0xBF58476D1CE4E5B9UL ^ (ulong)b * 0x94D049BB133111EBUL);
        x ^= x >> 30;
        x = unchecked(x * 0xBF58476D1CE4E5B9UL);
        x ^= x >> 27;
        x = unchecked(x * 0x94D049BB133111EBUL);
        x ^= x >> 31;
        return unchecked((int)x ^ (int)(x >> 32));
    }
}
