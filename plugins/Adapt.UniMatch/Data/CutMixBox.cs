namespace SeCo.Plugins.Adapt.UniMatch.Data;

/// <summary>
/// A CutMix rectangle of a square crop (UniMatch <c>obtain_cutmix_box</c>): pixels in rows
/// <c>[Y, Y + Height)</c> and columns <c>[X, X + Width)</c> take the partner image.
/// </summary>
/// <param name="X">Left column.</param>
/// <param name="Y">Top row.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public readonly record struct CutMixBox(int X, int Y, int Width, int Height)
{
    /// <summary>The number of pixels inside the box.</summary>
    public int Area => Width * Height;

    /// <summary>
    /// Draws a box exactly as the reference: with probability <c>1 − p</c> (<c>random() &gt; p</c>) no box; else
    /// <c>area = U(sizeMin, sizeMax)·size²</c> once, then repeat <c>ratio = U(ratio1, ratio2)</c>,
    /// <c>w = trunc(sqrt(area/ratio))</c>, <c>h = trunc(sqrt(area·ratio))</c>, <c>x, y = randint(0, size)</c>
    /// (upper bound exclusive) until the box fits.
    /// </summary>
    /// <param name="size">The crop size S (the mask is S x S).</param>
    /// <param name="random">The draws.</param>
    /// <param name="p">Probability of a box.</param>
    /// <param name="sizeMin">Smallest area fraction.</param>
    /// <param name="sizeMax">Largest area fraction.</param>
    /// <param name="ratio1">Smallest aspect ratio.</param>
    /// <param name="ratio2">Largest aspect ratio.</param>
    /// <returns>The box, or null when the draw says no box.</returns>
    public static CutMixBox? Obtain(int size, IRandomSource random, double p = 0.5, double sizeMin = 0.02, double sizeMax = 0.4,
        double ratio1 = 0.3, double ratio2 = 1 / 0.3)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (random.Random() > p)
        {
            return null;
        }

        var area = random.Uniform(sizeMin, sizeMax) * size * size;
        while (true)
        {
            var ratio = random.Uniform(ratio1, ratio2);
            var w = (int)Math.Sqrt(area / ratio);
            var h = (int)Math.Sqrt(area * ratio);
            var x = random.NumpyRandInt(0, size);
            var y = random.NumpyRandInt(0, size);
            if (x + w <= size && y + h <= size)
            {
                return new CutMixBox(x, y, w, h);
            }
        }
    }

    /// <summary>Writes the box as a 0/1 mask into a row-major <c>size x size</c> buffer (cleared first).</summary>
    public static void Fill(CutMixBox? box, Span<float> mask, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(mask.Length, size * size);
        mask[..(size * size)].Clear();
        if (box is not { } b)
        {
            return;
        }

        for (var y = b.Y; y < b.Y + b.Height; y++)
        {
            mask.Slice(y * size + b.X, b.Width).Fill(1f);
        }
    }
}
