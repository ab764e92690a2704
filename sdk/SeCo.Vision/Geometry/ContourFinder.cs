namespace SeCo.Vision.Geometry;

/// <summary>
/// Border following (Suzuki–Abe) as OpenCV 4.6 implements it for
/// <c>cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)</c>: every border pixel is a vertex,
/// outer borders and hole borders are both returned, without hierarchy.
/// </summary>
/// <remarks>
/// Matches OpenCV point for point: the scan finds border starts in raster order (an outer border at a
/// 0→1 transition, a hole border at a 1→0 transition whose left pixel is not the right edge of an already
/// followed border), each border starts at its first pixel and is walked in OpenCV's direction, and the
/// list comes back in <b>reverse</b> order of discovery (OpenCV prepends each new contour).
/// </remarks>
public static class ContourFinder
{
    // OpenCV's chain-code directions: 0 = +x, then counter-clockwise on screen (1 = up-right, 2 = up, ...).
    private static readonly Point2I[] s_codeDeltas =
        [new(1, 0), new(1, -1), new(0, -1), new(-1, -1), new(-1, 0), new(-1, 1), new(0, 1), new(1, 1)];

    private const sbyte NewBorder = 2;
    private const sbyte RightEdgeBorder = 2 | -128;

    /// <summary>
    /// Finds every border of the non-zero pixels of <paramref name="mask"/> (row-major, <paramref name="width"/> ×
    /// <paramref name="height"/>), in OpenCV's <c>RETR_LIST</c> order.
    /// </summary>
    /// <param name="mask">Row-major mask; any non-zero byte is foreground.</param>
    /// <param name="width">Mask width.</param>
    /// <param name="height">Mask height.</param>
    /// <param name="offset">Added to every returned point (e.g. the origin of a cropped mask).</param>
    /// <returns>The contours, each a closed polygon of pixel coordinates (first point not repeated).</returns>
    public static List<Point2I[]> FindContours(ReadOnlySpan<byte> mask, int width, int height, Point2I offset = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        if (mask.Length < (long)width * height)
        {
            throw new ArgumentException($"The mask holds {mask.Length} bytes; {width}x{height} needs {(long)width * height}.", nameof(mask));
        }

        // A one-pixel zero frame, as OpenCV's copyMakeBorder; values are 0 / 1 and later border marks.
        var step = width + 2;
        var img = new sbyte[step * (height + 2)];
        for (var y = 0; y < height; y++)
        {
            var src = mask.Slice(y * width, width);
            var row = (y + 1) * step + 1;
            for (var x = 0; x < width; x++)
            {
                img[row + x] = src[x] != 0 ? (sbyte)1 : (sbyte)0;
            }
        }

        Span<int> deltas = stackalloc int[16];
        deltas[0] = 1;
        deltas[1] = -step + 1;
        deltas[2] = -step;
        deltas[3] = -step - 1;
        deltas[4] = -1;
        deltas[5] = step - 1;
        deltas[6] = step;
        deltas[7] = step + 1;
        deltas[..8].CopyTo(deltas[8..]);

        var found = new List<Point2I[]>();
        var points = new List<Point2I>();
        var origin = new Point2I(offset.X - 1, offset.Y - 1);
        for (var y = 1; y <= height; y++)
        {
            var rowStart = y * step;
            int prev = 0;
            for (var x = 1; x <= width; x++)
            {
                int p = img[rowStart + x];
                if (p == prev)
                {
                    continue;
                }

                var isOuter = prev == 0 && p == 1;
                var isHole = !isOuter && p == 0 && prev >= 1;
                if (isOuter || isHole)
                {
                    var startX = isHole ? x - 1 : x;
                    points.Clear();
                    FollowBorder(img, rowStart + startX, deltas, new Point2I(origin.X + startX, origin.Y + y), isHole, points);
                    found.Add(points.ToArray());

                    // OpenCV resumes after the start pixel, comparing against its (now marked) value.
                    p = img[rowStart + x];
                }

                prev = p;
            }
        }

        found.Reverse();
        return found;
    }

    /// <summary>
    /// The contour with the largest <see cref="PolygonMath.ContourArea"/>, choosing as the reference does:
    /// a stable descending sort of <see cref="FindContours"/>'s list, first element (ties → earlier in the list).
    /// </summary>
    /// <returns>The largest contour, or <see langword="null"/> when the mask is empty.</returns>
    public static Point2I[]? FindLargest(ReadOnlySpan<byte> mask, int width, int height, Point2I offset = default)
    {
        var contours = FindContours(mask, width, height, offset);
        Point2I[]? best = null;
        var bestArea = double.NegativeInfinity;
        foreach (var contour in contours)
        {
            var area = PolygonMath.ContourArea(contour);
            if (area > bestArea)
            {
                best = contour;
                bestArea = area;
            }
        }

        return best;
    }

    private static void FollowBorder(sbyte[] img, int start, ReadOnlySpan<int> deltas, Point2I pt, bool isHole, List<Point2I> output)
    {
        const int maxSize = 16;
        int i0 = start;
        int i1;
        int s = isHole ? 0 : 4;
        var sEnd = s;
        do
        {
            s = (s - 1) & 7;
            i1 = i0 + deltas[s];
        }
        while (img[i1] == 0 && s != sEnd);

        if (s == sEnd)
        {
            // An isolated pixel.
            img[i0] = RightEdgeBorder;
            output.Add(pt);
            return;
        }

        var i3 = i0;
        var i4 = 0;
        var x = pt.X;
        var y = pt.Y;
        for (; ; )
        {
            sEnd = s;
            s = Math.Min(s, maxSize - 1);
            while (s < maxSize - 1)
            {
                i4 = i3 + deltas[++s];
                if (img[i4] != 0)
                {
                    break;
                }
            }

            s &= 7;

            // The pixel is the right edge of this border when the walk passed its right neighbour.
            if ((uint)(s - 1) < (uint)sEnd)
            {
                img[i3] = RightEdgeBorder;
            }
            else if (img[i3] == 1)
            {
                img[i3] = NewBorder;
            }

            output.Add(new Point2I(x, y));
            x += s_codeDeltas[s].X;
            y += s_codeDeltas[s].Y;

            if (i4 == i0 && i3 == i1)
            {
                break;
            }

            i3 = i4;
            s = (s + 4) & 7;
        }
    }
}
