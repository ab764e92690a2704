namespace SeCo.Plugins.Sources.Synthetic.Randomness;

/// <summary>
/// A small, fully specified pseudo-random generator (xoshiro256** seeded through SplitMix64), so a
/// synthetic scene is the same on every machine, runtime and thread count. <see cref="System.Random"/>
/// is not used because its algorithm is not part of its contract.
/// </summary>
internal sealed class SceneRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Creates a generator whose state is expanded from <paramref name="seed"/> with SplitMix64.</summary>
    public SceneRandom(ulong seed)
    {
        var state = seed;
        _s0 = SplitMix64.Next(ref state);
        _s1 = SplitMix64.Next(ref state);
        _s2 = SplitMix64.Next(ref state);
        _s3 = SplitMix64.Next(ref state);
    }

    /// <summary>The generator of image <paramref name="index"/> of a run seeded with <paramref name="seed"/>.</summary>
    public static SceneRandom ForImage(long seed, int index) =>
        new(SplitMix64.Mix(SplitMix64.Mix((ulong)seed) ^ (0x632BE59BD9B4E019UL * (ulong)(index + 1))));

    /// <summary>The next 64 random bits (xoshiro256**).</summary>
    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A double uniform in [0, 1), from the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A double uniform in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double Range(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>An integer uniform in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    public int Next(int min, int maxExclusive)
    {
        if (maxExclusive <= min)
        {
            return min;
        }

        var span = (ulong)(maxExclusive - min);
        return min + (int)((NextUInt64() >> 11) % span);
    }

    /// <summary>True with probability <paramref name="probability"/>.</summary>
    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>One element of <paramref name="items"/>, uniformly.</summary>
    public T Pick<T>(IReadOnlyList<T> items) => items[Next(0, items.Count)];

    /// <summary>A fresh 64-bit seed for a derived generator or noise field.</summary>
    public ulong NextSeed() => NextUInt64();

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
