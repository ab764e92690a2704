using System.Runtime.CompilerServices;

namespace SeCo.Plugins.Sources.Synthetic.Randomness;

/// <summary>
/// Smooth 2-D value noise: random values on an integer lattice (hashed from the coordinates and a
/// seed, so any point can be evaluated independently) blended with a smoothstep. Only additions,
/// multiplications and comparisons are used, so results are bit-identical on every platform.
/// </summary>
internal readonly struct ValueNoise
{
    private readonly ulong _seed;

    /// <summary>Creates a noise field.</summary>
    public ValueNoise(ulong seed) => _seed = seed;

    /// <summary>Noise in [0, 1) at (<paramref name="x"/>, <paramref name="y"/>), in lattice units.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Sample(float x, float y)
    {
        var fx = MathF.Floor(x);
        var fy = MathF.Floor(y);
        var ix = (int)fx;
        var iy = (int)fy;
        var tx = Smooth(x - fx);
        var ty = Smooth(y - fy);
        var a = Lattice(ix, iy);
        var b = Lattice(ix + 1, iy);
        var c = Lattice(ix, iy + 1);
        var d = Lattice(ix + 1, iy + 1);
        var top = a + (b - a) * tx;
        var bottom = c + (d - c) * tx;
        return top + (bottom - top) * ty;
    }

    /// <summary>
    /// Two octaves of noise in [0, 1): features of about <paramref name="scale"/> pixels plus half-size detail.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Fractal(int x, int y, float scale)
    {
        var inv = 1f / scale;
        var coarse = Sample(x * inv, y * inv);
        var fine = Sample(x * inv * 2f + 17.31f, y * inv * 2f + 5.17f);
        return (coarse * 2f + fine) * (1f / 3f);
    }

    /// <summary>
    /// The same two octaves for a whole image row into <paramref name="row"/> (one value per column),
    /// reusing lattice values across the pixels of a cell: much cheaper than a <see cref="Fractal"/> per pixel.
    /// </summary>
    public void FractalRow(int y, float scale, Span<float> row)
    {
        var inv = 1f / scale;
        Octave(row, y * inv, inv, 0f, 2f / 3f, accumulate: false);
        Octave(row, y * inv * 2f + 5.17f, inv * 2f, 17.31f, 1f / 3f, accumulate: true);
    }

    /// <summary>Per-pixel white noise in [0, 1) (no smoothing).</summary>
    public float White(int x, int y) => Lattice(x, y);

    private void Octave(Span<float> row, float y, float step, float offset, float weight, bool accumulate)
    {
        var fy = MathF.Floor(y);
        var iy = (int)fy;
        var ty = Smooth(y - fy);
        var cell = int.MinValue;
        float top = 0, topSlope = 0, bottom = 0, bottomSlope = 0;
        for (var x = 0; x < row.Length; x++)
        {
            var px = x * step + offset;
            var fx = MathF.Floor(px);
            var ix = (int)fx;
            if (ix != cell)
            {
                cell = ix;
                top = Lattice(ix, iy);
                topSlope = Lattice(ix + 1, iy) - top;
                bottom = Lattice(ix, iy + 1);
                bottomSlope = Lattice(ix + 1, iy + 1) - bottom;
            }

            var tx = Smooth(px - fx);
            var upper = top + topSlope * tx;
            var lower = bottom + bottomSlope * tx;
            var value = (upper + (lower - upper) * ty) * weight;
            row[x] = accumulate ? row[x] + value : value;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float Lattice(int x, int y)
    {
        var h = SplitMix64.Mix(_seed ^ ((ulong)(uint)x << 32 | (uint)y));
        return (int)(h >> 40) * (1f / (1 << 24));
    }

    private static float Smooth(float t) => t * t * (3f - 2f * t);
}
