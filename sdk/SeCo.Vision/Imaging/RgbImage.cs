namespace SeCo.Vision.Imaging;

/// <summary>
/// An 8-bit RGB image stored row-major and interleaved (HWC): <c>Data[(y * Width + x) * 3 + c]</c>,
/// the layout of a NumPy <c>uint8</c> array of shape <c>[Height, Width, 3]</c> read by PIL.
/// </summary>
public sealed class RgbImage
{
    /// <summary>Creates a black image.</summary>
    /// <param name="width">Width in pixels (at least 1).</param>
    /// <param name="height">Height in pixels (at least 1).</param>
    public RgbImage(int width, int height)
        : this(width, height, new byte[ValidatedLength(width, height)])
    {
    }

    /// <summary>Wraps existing HWC pixel data (not copied).</summary>
    /// <param name="width">Width in pixels (at least 1).</param>
    /// <param name="height">Height in pixels (at least 1).</param>
    /// <param name="data">Interleaved RGB bytes; its length must be <paramref name="width"/> × <paramref name="height"/> × 3.</param>
    public RgbImage(int width, int height, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var length = ValidatedLength(width, height);
        if (data.Length != length)
        {
            throw new ArgumentException($"A {width}x{height} RGB image needs {length} bytes of data, got {data.Length}.", nameof(data));
        }

        Width = width;
        Height = height;
        Data = data;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The pixels, row-major, three bytes (R, G, B) per pixel.</summary>
    public byte[] Data { get; }

    /// <summary>The colour at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public (byte R, byte G, byte B) this[int x, int y]
    {
        get
        {
            var offset = Offset(x, y);
            return (Data[offset], Data[offset + 1], Data[offset + 2]);
        }

        set
        {
            var offset = Offset(x, y);
            Data[offset] = value.R;
            Data[offset + 1] = value.G;
            Data[offset + 2] = value.B;
        }
    }

    /// <summary>The <c>Width × 3</c> bytes of row <paramref name="y"/>.</summary>
    public Span<byte> Row(int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
        return Data.AsSpan(y * Width * 3, Width * 3);
    }

    /// <inheritdoc />
    public override string ToString() => $"RgbImage {Width}x{Height}";

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

        return (y * Width + x) * 3;
    }

    private static int ValidatedLength(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var length = (long)width * height * 3;
        if (length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"A {width}x{height} RGB image is larger than an array can hold.");
        }

        return (int)length;
    }
}
