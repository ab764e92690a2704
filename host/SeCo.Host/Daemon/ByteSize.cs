using System.Globalization;

namespace SeCo.Host.Daemon;

/// <summary>Reads and writes memory sizes: <c>6GiB</c>, <c>512MiB</c>, <c>2GB</c>, <c>1.5G</c>, <c>1048576</c>.</summary>
internal static class ByteSize
{
    private static readonly (string Suffix, long Factor)[] s_units =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40),
        ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000),
        ("K", 1L << 10), ("M", 1L << 20), ("G", 1L << 30), ("T", 1L << 40),
        ("B", 1),
    ];

    /// <summary>Parses a size; binary units (<c>KiB</c>…<c>TiB</c>, or the bare letters <c>K</c>…<c>T</c>) are powers of 1024, <c>KB</c>…<c>TB</c> powers of 1000.</summary>
    /// <exception cref="FormatException">The text is not a non-negative size.</exception>
    public static long Parse(string text)
    {
        var trimmed = text.Trim();
        var factor = 1L;
        foreach (var (suffix, unit) in s_units)
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                factor = unit;
                trimmed = trimmed[..^suffix.Length].TrimEnd();
                break;
            }
        }

        if (!double.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || value * factor >= long.MaxValue)
        {
            throw new FormatException($"'{text}' is not a memory size; expected a number with an optional unit, e.g. 6GiB, 512MiB, 2GB or 1048576.");
        }

        return (long)Math.Round(value * factor);
    }

    /// <summary>A size for people: <c>1.5 GiB</c>, <c>12.0 MiB</c>, <c>300 B</c>.</summary>
    public static string Format(long bytes) => bytes switch
    {
        long.MaxValue => "unlimited",
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
