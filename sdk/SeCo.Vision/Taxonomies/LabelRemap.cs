using SeCo.Vision.LabelMaps;

namespace SeCo.Vision.Taxonomies;

/// <summary>
/// A pixel-value mapping between label conventions (Cityscapes labelIds → train ids, 19 → 16 classes,
/// SYNTHIA raw ids → 16 classes), applied through a 256-entry lookup table.
/// </summary>
public sealed class LabelRemap
{
    private readonly byte[] _table;

    /// <summary>Creates a mapping from a 256-entry table (<c>table[old] = new</c>).</summary>
    public LabelRemap(ReadOnlySpan<byte> table)
    {
        if (table.Length != 256)
        {
            throw new ArgumentException($"A remap table needs 256 entries, got {table.Length}.", nameof(table));
        }

        _table = table.ToArray();
    }

    /// <summary>
    /// Cityscapes labelIds to the 19 train ids (datasets.md §1): 7→0, 8→1, 11→2, ..., 33→18; every
    /// other labelId (and 255) → 255.
    /// </summary>
    public static LabelRemap CityscapesLabelIdToTrainId { get; } = FromPairs(
        [(7, 0), (8, 1), (11, 2), (12, 3), (13, 4), (17, 5), (19, 6), (20, 7), (21, 8), (22, 9),
         (23, 10), (24, 11), (25, 12), (26, 13), (27, 14), (28, 15), (31, 16), (32, 17), (33, 18)]);

    /// <summary>19 train ids to the 16 SYNTHIA classes (SCC <c>transform_label</c>): terrain, truck, train and 255 → 255.</summary>
    public static LabelRemap Cityscapes19To16 { get; } = FromPairs(
        [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (7, 7), (8, 8), (10, 9),
         (11, 10), (12, 11), (13, 12), (15, 13), (17, 14), (18, 15)]);

    /// <summary>16 SYNTHIA classes to 19 train ids (DT-ST <c>transform_color</c>), the inverse of <see cref="Cityscapes19To16"/>.</summary>
    public static LabelRemap Synthia16To19 { get; } = FromPairs(
        [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (7, 7), (8, 8), (9, 10),
         (10, 11), (11, 12), (12, 13), (13, 15), (14, 17), (15, 18)]);

    /// <summary>SYNTHIA-RAND-CITYSCAPES raw ids (channel 0 of <c>GT/LABELS</c>) to the 16 classes (datasets.md §2); others → 255.</summary>
    public static LabelRemap SynthiaRawTo16 { get; } = FromPairs(
        [(3, 0), (4, 1), (2, 2), (21, 3), (5, 4), (7, 5), (15, 6), (9, 7), (6, 8), (1, 9),
         (10, 10), (17, 11), (8, 12), (19, 13), (12, 14), (11, 15)]);

    /// <summary>The new value of <paramref name="value"/>.</summary>
    public byte this[byte value] => _table[value];

    /// <summary>Creates a mapping from (old, new) pairs; unlisted values map to <paramref name="unmapped"/>.</summary>
    public static LabelRemap FromPairs(IEnumerable<(int From, int To)> pairs, byte unmapped = LabelMap.Ignore)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var table = new byte[256];
        Array.Fill(table, unmapped);
        foreach (var (from, to) in pairs)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)from, 255u, nameof(pairs));
            ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)to, 255u, nameof(pairs));
            table[from] = (byte)to;
        }

        return new LabelRemap(table);
    }

    /// <summary>Maps every pixel of <paramref name="pixels"/> in place.</summary>
    public void ApplyInPlace(Span<byte> pixels)
    {
        var table = _table;
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = table[pixels[i]];
        }
    }

    /// <summary>Returns a remapped copy of <paramref name="map"/>.</summary>
    public LabelMap Apply(LabelMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var result = map.Clone();
        ApplyInPlace(result.Data);
        return result;
    }
}
