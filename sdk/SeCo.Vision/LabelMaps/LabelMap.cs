namespace SeCo.Vision.LabelMaps;

/// <summary>
/// A single-channel 8-bit label map: pixel value = class id, <see cref="Ignore"/> (255) = ignore.
/// Pixels are stored row-major in <see cref="Data"/>, the layout of a NumPy <c>uint8</c> array of
/// shape <c>[Height, Width]</c>.
/// </summary>
public sealed class LabelMap
{
    /// <summary>The value of unlabelled pixels.</summary>
    public const byte Ignore = 255;

    /// <summary>Creates a label map of the given size with every pixel 0.</summary>
    /// <param name="width">Width in pixels (at least 1).</param>
    /// <param name="height">Height in pixels (at least 1).</param>
    public LabelMap(int width, int height)
        : this(width, height, new byte[checked(ValidatedArea(width, height))])
    {
    }

    /// <summary>Wraps existing row-major pixel data (not copied).</summary>
    /// <param name="width">Width in pixels (at least 1).</param>
    /// <param name="height">Height in pixels (at least 1).</param>
    /// <param name="data">Row-major pixels; its length must be <paramref name="width"/> × <paramref name="height"/>.</param>
    public LabelMap(int width, int height, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var area = ValidatedArea(width, height);
        if (data.Length != area)
        {
            throw new ArgumentException(
                $"A {width}x{height} label map needs {area} bytes of data, got {data.Length}.", nameof(data));
        }

        Width = width;
        Height = height;
        Data = data;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The pixels, row-major (<c>Data[y * Width + x]</c>).</summary>
    public byte[] Data { get; }

    /// <summary>The pixel at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public byte this[int x, int y]
    {
        get => Data[Offset(x, y)];
        set => Data[Offset(x, y)] = value;
    }

    /// <summary>The pixels of row <paramref name="y"/>.</summary>
    public Span<byte> Row(int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
        return Data.AsSpan(y * Width, Width);
    }

    /// <summary>Returns a deep copy.</summary>
    public LabelMap Clone() => new(Width, Height, (byte[])Data.Clone());

    /// <inheritdoc />
    public override string ToString() => $"LabelMap {Width}x{Height}";

    private int Offset(int x, int y)
    {
        if ((uint)x >= (uint)Width)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, $"Column must be in [0, {Width}).");
        }

        if ((uint)y >= (uint)Height)
        {
            throw new ArgumentOutOfRangeException(nameof(y), y, $"Row must be in [0, {Height}).");
        }

        return y * Width + x;
    }

    private static int ValidatedArea(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var area = (long)width * height;
        if (area > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"A {width}x{height} label map is larger than an array can hold.");
        }

        return (int)area;
    }
}
