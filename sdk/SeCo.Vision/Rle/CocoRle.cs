namespace SeCo.Vision.Rle;

/// <summary>
/// A COCO run-length encoding of one binary mask, byte-compatible with pycocotools (cocoapi
/// <c>maskApi.c</c>): pixels are read in column-major (Fortran) order and <see cref="Counts"/> alternate
/// runs of zeros and ones, starting with a (possibly empty) run of zeros.
/// </summary>
/// <remarks>
/// Counts are unsigned 32-bit like cocoapi's <c>uint</c>; <see cref="Area"/>, <see cref="ToBbox"/> and
/// the string codec reproduce its arithmetic, including its quirks on non-canonical encodings
/// (zero-length interior runs, an even number of runs, counts that do not sum to <c>h*w</c>).
/// </remarks>
public sealed class CocoRle : IEquatable<CocoRle>
{
    private readonly uint[] _counts;

    /// <summary>Creates an encoding from its uncompressed counts (the array is copied).</summary>
    /// <param name="height">Mask height <c>h</c>.</param>
    /// <param name="width">Mask width <c>w</c>.</param>
    /// <param name="counts">Alternating run lengths, zeros first.</param>
    public CocoRle(int height, int width, ReadOnlySpan<uint> counts)
        : this(counts.ToArray(), height, width)
    {
    }

    private CocoRle(uint[] counts, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        Height = height;
        Width = width;
        _counts = counts;
    }

    /// <summary>Mask height (<c>size[0]</c> in the JSON form).</summary>
    public int Height { get; }

    /// <summary>Mask width (<c>size[1]</c> in the JSON form).</summary>
    public int Width { get; }

    /// <summary>The uncompressed counts (pycocotools' <c>cnts</c>).</summary>
    public ReadOnlySpan<uint> Counts => _counts;

    /// <summary>Number of foreground pixels: the sum of the odd-indexed counts (uint32 arithmetic, as cocoapi).</summary>
    public uint Area
    {
        get
        {
            uint area = 0;
            for (var j = 1; j < _counts.Length; j += 2)
            {
                area += _counts[j];
            }

            return area;
        }
    }

    /// <summary>Same size and same counts.</summary>
    public bool Equals(CocoRle? other) =>
        other is not null && Height == other.Height && Width == other.Width && Counts.SequenceEqual(other.Counts);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CocoRle);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Height);
        hash.Add(Width);
        hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Counts));
        return hash.ToHashCode();
    }

    /// <summary>Wraps counts the caller hands over (no copy); used by the encoders.</summary>
    internal static CocoRle FromOwnedCounts(int height, int width, uint[] counts) => new(counts, height, width);

    /// <summary>
    /// Encodes a row-major <paramref name="height"/> x <paramref name="width"/> mask exactly like
    /// <c>pycocotools.mask.encode</c>: pixels are read column by column; every change of byte value
    /// starts a new run (masks are expected to hold 0 and 1 only).
    /// </summary>
    public static CocoRle Encode(ReadOnlySpan<byte> mask, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        if (mask.Length != (long)height * width)
        {
            throw new ArgumentException($"The mask holds {mask.Length} pixels; {height}x{width} needs {(long)height * width}.", nameof(mask));
        }

        var counts = new List<uint>();
        byte previous = 0;
        uint run = 0;
        for (var x = 0; x < width; x++)
        {
            for (var y = 0; y < height; y++)
            {
                var value = mask[(y * width) + x];
                if (value != previous)
                {
                    counts.Add(run);
                    run = 0;
                    previous = value;
                }

                run++;
            }
        }

        counts.Add(run);
        return new CocoRle(counts.ToArray(), height, width);
    }

    /// <summary>
    /// Parses pycocotools' compressed string form (<c>rleFrString</c>), including its sign extension and its
    /// 32-bit <c>int</c> shifts: like cocoapi, values whose delta needs a 7th character (|delta| of 2^29 or more,
    /// images beyond half a gigapixel) do not survive a round trip.
    /// </summary>
    /// <exception cref="FormatException">A character outside the 7-bit ASCII range.</exception>
    public static CocoRle FromString(string counts, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var decoded = new uint[counts.Length];
        var m = 0;
        var p = 0;
        while (p < counts.Length)
        {
            long x = 0;
            var k = 0;
            var more = true;
            while (more)
            {
                if (p >= counts.Length)
                {
                    throw new FormatException($"The RLE string ends inside a value (a character with bit 0x20 set is its last one): \"{SeCo.Sdk.IO.PathPolicy.Excerpt(counts)}\".");
                }

                var ch = counts[p];
                if (ch > 127)
                {
                    throw new FormatException($"The RLE string holds the non-ASCII character U+{(int)ch:X4} at {p}; expected characters '0'..'o'.");
                }

                // C: char c = s[p] - 48 (signed char); shifts are int shifts (count taken mod 32 on x86, as in C#).
                int c = (sbyte)(ch - 48);
                x |= (long)((c & 0x1f) << (5 * k));
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0)
                {
                    x |= (long)(-1 << (5 * k));
                }
            }

            if (m > 2)
            {
                x += decoded[m - 2];
            }

            decoded[m++] = unchecked((uint)x);
        }

        Array.Resize(ref decoded, m);
        return new CocoRle(decoded, height, width);
    }

    /// <summary>The compressed string form (<c>rleToString</c>), as SeCo writes it after <c>.decode()</c>.</summary>
    public override string ToString()
    {
        var counts = _counts;
        if (counts.Length == 0)
        {
            return string.Empty;
        }

        var buffer = counts.Length <= 128 ? stackalloc char[counts.Length * 7] : new char[counts.Length * 7];
        var length = WriteString(counts, buffer);
        return new string(buffer[..length]);
    }

    /// <summary>Writes the compressed string of <paramref name="counts"/> into <paramref name="destination"/> (7 chars per count suffice).</summary>
    internal static int WriteString(ReadOnlySpan<uint> counts, Span<char> destination)
    {
        var p = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            long x = counts[i];
            if (i > 2)
            {
                x -= counts[i - 2];
            }

            var more = true;
            while (more)
            {
                var c = (int)(x & 0x1f);
                x >>= 5;
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more)
                {
                    c |= 0x20;
                }

                destination[p++] = (char)(c + 48);
            }
        }

        return p;
    }

    /// <summary>
    /// The bounding box as <c>pycocotools.mask.toBbox</c> computes it (cocoapi <c>rleToBbox</c>): only the first
    /// even number of counts is used; a run of ones that starts in an earlier column than it ends widens the box
    /// to the full height; all arithmetic is uint32.
    /// </summary>
    public RleBoundingBox ToBbox()
    {
        var h = (uint)Height;
        var w = (uint)Width;
        var m = (_counts.Length / 2) * 2;
        if (m == 0)
        {
            return default;
        }

        if (h == 0)
        {
            throw new InvalidOperationException("toBbox of an RLE with height 0 and non-empty counts divides by zero in cocoapi.");
        }

        uint xs = w, ys = h, xe = 0, ye = 0, cc = 0, xp = 0;
        unchecked
        {
            for (var j = 0; j < m; j++)
            {
                cc += _counts[j];
                var t = cc - (uint)(j % 2);
                var y = t % h;
                var x = (t - y) / h;
                if (j % 2 == 0)
                {
                    xp = x;
                }
                else if (xp < x)
                {
                    ys = 0;
                    ye = h - 1;
                }

                xs = Math.Min(xs, x);
                xe = Math.Max(xe, x);
                ys = Math.Min(ys, y);
                ye = Math.Max(ye, y);
            }

            return new RleBoundingBox(xs, ys, xe - xs + 1, ye - ys + 1);
        }
    }

    /// <summary>
    /// Decodes into a row-major <see cref="Height"/> x <see cref="Width"/> 0/1 mask (<c>rleDecode</c>).
    /// Pixels past the last count stay 0.
    /// </summary>
    /// <exception cref="FormatException">The counts cover more than <c>h*w</c> pixels.</exception>
    public byte[] Decode()
    {
        var mask = new byte[Height * Width];
        Decode(mask);
        return mask;
    }

    /// <summary>Decodes into <paramref name="mask"/> (row-major, length <c>h*w</c>, overwritten).</summary>
    public void Decode(Span<byte> mask)
    {
        var h = Height;
        var w = Width;
        if (mask.Length != h * w)
        {
            throw new ArgumentException($"The mask buffer holds {mask.Length} pixels; {h}x{w} needs {h * w}.", nameof(mask));
        }

        mask.Clear();
        long total = 0;
        foreach (var count in _counts)
        {
            total += count;
        }

        if (total > (long)h * w)
        {
            throw new FormatException($"The RLE counts cover {total} pixels; a {h}x{w} mask has {(long)h * w}.");
        }

        long t = 0;
        for (var j = 0; j < _counts.Length; j++)
        {
            var count = _counts[j];
            if ((j & 1) == 1 && count > 0)
            {
                var x = (int)(t / h);
                var y = (int)(t - ((long)x * h));
                for (uint i = 0; i < count; i++)
                {
                    mask[(y * w) + x] = 1;
                    if (++y == h)
                    {
                        y = 0;
                        x++;
                    }
                }
            }

            t += count;
        }
    }

    /// <summary>
    /// Union (or intersection) of encodings of the same size, as <c>pycocotools.mask.merge</c>
    /// (<c>rleMerge</c>). Encodings of different sizes give an empty 0x0 encoding, as cocoapi does.
    /// </summary>
    public static CocoRle Merge(IReadOnlyList<CocoRle> rles, bool intersect = false)
    {
        ArgumentNullException.ThrowIfNull(rles);
        if (rles.Count == 0)
        {
            return new CocoRle([], 0, 0);
        }

        var h = rles[0].Height;
        var w = rles[0].Width;
        if (rles.Count == 1)
        {
            return new CocoRle(h, w, rles[0].Counts);
        }

        var current = rles[0]._counts;
        for (var i = 1; i < rles.Count; i++)
        {
            var b = rles[i];
            if (b.Height != h || b.Width != w)
            {
                return new CocoRle([], 0, 0);
            }

            current = MergePair(current, b._counts, intersect);
        }

        return new CocoRle(current, h, w);
    }

    private static uint[] MergePair(uint[] a, uint[] b, bool intersect)
    {
        var merged = new List<uint>(a.Length + b.Length);
        uint ca = a.Length > 0 ? a[0] : 0;
        uint cb = b.Length > 0 ? b[0] : 0;
        bool v = false, va = false, vb = false;
        int ia = 1, ib = 1;
        uint cc = 0, ct = 1;
        unchecked
        {
            while (ct > 0)
            {
                var c = Math.Min(ca, cb);
                cc += c;
                ct = 0;
                ca -= c;
                if (ca == 0 && ia < a.Length)
                {
                    ca = a[ia++];
                    va = !va;
                }

                ct += ca;
                cb -= c;
                if (cb == 0 && ib < b.Length)
                {
                    cb = b[ib++];
                    vb = !vb;
                }

                ct += cb;
                var vp = v;
                v = intersect ? va && vb : va || vb;
                if (v != vp || ct == 0)
                {
                    merged.Add(cc);
                    cc = 0;
                }
            }
        }

        return merged.ToArray();
    }

    /// <summary>
    /// Intersection over union of two masks as <c>pycocotools.mask.iou</c> (<c>rleIou</c>): 0 when their
    /// <see cref="ToBbox"/> boxes do not overlap, -1 when the sizes differ, and with <paramref name="isCrowd"/>
    /// the union is the area of <paramref name="detection"/>.
    /// </summary>
    public static double Iou(CocoRle detection, CocoRle groundTruth, bool isCrowd = false)
    {
        ArgumentNullException.ThrowIfNull(detection);
        ArgumentNullException.ThrowIfNull(groundTruth);
        var d = detection.ToBbox();
        var g = groundTruth.ToBbox();
        double dx = d.X, dy = d.Y, dw = d.Width, dh = d.Height;
        double gx = g.X, gy = g.Y, gw = g.Width, gh = g.Height;
        var bw = Math.Min(dw + dx, gw + gx) - Math.Max(dx, gx);
        if (bw <= 0)
        {
            return 0;
        }

        var bh = Math.Min(dh + dy, gh + gy) - Math.Max(dy, gy);
        if (bh <= 0)
        {
            return 0;
        }

        // Overlapping boxes: cocoapi's box IoU is positive here, so it goes on to the exact mask IoU.
        if (detection.Height != groundTruth.Height || detection.Width != groundTruth.Width)
        {
            return -1;
        }

        var a = detection._counts;
        var b = groundTruth._counts;
        uint ca = a.Length > 0 ? a[0] : 0, cb = b.Length > 0 ? b[0] : 0;
        bool va = false, vb = false;
        int ka = 1, kb = 1;
        uint intersection = 0, union = 0, ct = 1;
        unchecked
        {
            while (ct > 0)
            {
                var c = Math.Min(ca, cb);
                if (va || vb)
                {
                    union += c;
                    if (va && vb)
                    {
                        intersection += c;
                    }
                }

                ct = 0;
                ca -= c;
                if (ca == 0 && ka < a.Length)
                {
                    ca = a[ka++];
                    va = !va;
                }

                ct += ca;
                cb -= c;
                if (cb == 0 && kb < b.Length)
                {
                    cb = b[kb++];
                    vb = !vb;
                }

                ct += cb;
            }
        }

        if (intersection == 0)
        {
            union = 1;
        }
        else if (isCrowd)
        {
            union = detection.Area;
        }

        return (double)intersection / union;
    }
}
