using System.Runtime.CompilerServices;

namespace SeCo.Plugins.Sources.Synthetic.Randomness;

/// <summary>SplitMix64 (Steele, Lea, Flood 2014): a seed expander and a strong 64-bit mixing function.</summary>
internal static class SplitMix64
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>Advances <paramref name="state"/> and returns the next output.</summary>
    public static ulong Next(ref ulong state)
    {
        state += Gamma;
        return Finalize(state);
    }

    /// <summary>Mixes a value into a well-distributed 64-bit hash (one SplitMix64 step from that state).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong value) => Finalize(value + Gamma);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
