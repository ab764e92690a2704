namespace SeCo.Vision.LabelMaps;

/// <summary>
/// The 256-entry RGB colour table of a palette PNG label map. Entry <c>i</c> is the colour shown for
/// class id <c>i</c>; the PNG stores the class ids themselves, so colours are for display only.
/// </summary>
public sealed class Palette
{
    /// <summary>Number of entries.</summary>
    public const int Size = 256;

    private static readonly (byte R, byte G, byte B)[] s_cityscapesColors =
    [
        (128, 64, 128), (244, 35, 232), (70, 70, 70), (102, 102, 156), (190, 153, 153),
        (153, 153, 153), (250, 170, 30), (220, 220, 0), (107, 142, 35), (152, 251, 152),
        (0, 130, 180), (220, 20, 60), (255, 0, 0), (0, 0, 142), (0, 0, 70),
        (0, 60, 100), (0, 80, 100), (0, 0, 230), (119, 11, 32),
    ];

    private readonly byte[] _rgb;

    /// <summary>Creates a palette from 768 bytes <c>r0 g0 b0 r1 g1 b1 ...</c>.</summary>
    /// <param name="rgb">Exactly <see cref="Size"/> × 3 bytes.</param>
    public Palette(ReadOnlySpan<byte> rgb)
    {
        if (rgb.Length != Size * 3)
        {
            throw new ArgumentException($"A palette needs {Size * 3} bytes (256 RGB entries), got {rgb.Length}.", nameof(rgb));
        }

        _rgb = rgb.ToArray();
    }

    /// <summary>
    /// The palette of SeCo's label PNGs (SeCo/DT-ST colours, sky = (0, 130, 180)): entries 0–18 are the
    /// Cityscapes 19 classes, entries 19–255 white, so ignore (255) renders white.
    /// </summary>
    public static Palette SeCoCityscapes { get; } = FromColors(s_cityscapesColors);

    /// <summary>The 768 bytes of the palette (<c>r g b</c> per entry).</summary>
    public ReadOnlySpan<byte> Bytes => _rgb;

    /// <summary>The colour of entry <paramref name="index"/>.</summary>
    public (byte R, byte G, byte B) this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Size);
            return (_rgb[3 * index], _rgb[3 * index + 1], _rgb[3 * index + 2]);
        }
    }

    /// <summary>
    /// Creates a palette whose first entries are <paramref name="colors"/> and whose remaining
    /// entries are <paramref name="fill"/> (white when omitted).
    /// </summary>
    public static Palette FromColors(IReadOnlyList<(byte R, byte G, byte B)> colors, (byte R, byte G, byte B)? fill = null)
    {
        ArgumentNullException.ThrowIfNull(colors);
        if (colors.Count > Size)
        {
            throw new ArgumentException($"A palette holds at most {Size} colours, got {colors.Count}.", nameof(colors));
        }

        var rest = fill ?? ((byte)255, (byte)255, (byte)255);
        var rgb = new byte[Size * 3];
        for (var i = 0; i < Size; i++)
        {
            var (r, g, b) = i < colors.Count ? colors[i] : rest;
            rgb[3 * i] = r;
            rgb[3 * i + 1] = g;
            rgb[3 * i + 2] = b;
        }

        return new Palette(rgb);
    }

    /// <summary>
    /// Creates a palette from a PNG <c>PLTE</c> chunk (1 to 256 entries); missing entries are black,
    /// as PNG decoders treat them.
    /// </summary>
    internal static Palette FromPlte(ReadOnlySpan<byte> plte)
    {
        var rgb = new byte[Size * 3];
        plte[..Math.Min(plte.Length, rgb.Length)].CopyTo(rgb);
        return new Palette(rgb);
    }
}
