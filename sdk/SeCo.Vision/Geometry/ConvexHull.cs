namespace SeCo.Vision.Geometry;

/// <summary>
/// Convex hull of integer points as OpenCV 4.6's <c>cv::convexHull</c> builds it (Sklansky scan over the points
/// sorted by x then y, then OpenCV's cyclic shift of the hull indices). The start vertex and direction match
/// OpenCV, which matters because <see cref="MinAreaRect"/> breaks ties by hull order. Equal points are ordered by
/// their input index, as OpenCV's comparator orders them by address.
/// </summary>
public static class ConvexHull
{
    /// <summary>The hull vertices of <paramref name="points"/>.</summary>
    /// <param name="points">Input points (duplicates allowed).</param>
    /// <param name="clockwise">OpenCV's <c>clockwise</c> flag (in y-down image coordinates).</param>
    public static Point2I[] Of(ReadOnlySpan<Point2I> points, bool clockwise)
    {
        var total = points.Length;
        if (total == 0)
        {
            return [];
        }

        // pointer[i] = index of the i-th point in (x, y, input index) order.
        var pointer = new int[total];
        for (var i = 0; i < total; i++)
        {
            pointer[i] = i;
        }

        var data = points.ToArray();
        // OpenCV's comparator breaks ties between equal points by their address, so the order is total.
        Array.Sort(pointer, (a, b) =>
            data[a].X != data[b].X ? data[a].X.CompareTo(data[b].X) :
            data[a].Y != data[b].Y ? data[a].Y.CompareTo(data[b].Y) : a.CompareTo(b));

        int minYIndex = 0, maxYIndex = 0;
        for (var i = 1; i < total; i++)
        {
            var y = data[pointer[i]].Y;
            if (data[pointer[minYIndex]].Y > y)
            {
                minYIndex = i;
            }

            if (data[pointer[maxYIndex]].Y < y)
            {
                maxYIndex = i;
            }
        }

        var stack = new int[(2 * total) + 4];
        var hull = new int[total];
        var nout = 0;
        if (data[pointer[0]] == data[pointer[total - 1]])
        {
            hull[nout++] = 0;
        }
        else
        {
            // Upper half.
            var tlCount = Sklansky(data, pointer, 0, maxYIndex, stack, 0, -1, 1);
            var tlStack = 0;
            var trStack = tlCount;
            var trCount = Sklansky(data, pointer, total - 1, maxYIndex, stack, trStack, -1, -1);
            if (!clockwise)
            {
                (tlStack, trStack) = (trStack, tlStack);
                (tlCount, trCount) = (trCount, tlCount);
            }

            for (var i = 0; i < tlCount - 1; i++)
            {
                hull[nout++] = pointer[stack[tlStack + i]];
            }

            for (var i = trCount - 1; i > 0; i--)
            {
                hull[nout++] = pointer[stack[trStack + i]];
            }

            var stopIndex = trCount > 2 ? stack[trStack + 1] : tlCount > 2 ? stack[tlStack + tlCount - 2] : -1;

            // Lower half.
            var blStack = 0;
            var blCount = Sklansky(data, pointer, 0, minYIndex, stack, blStack, 1, -1);
            var brStack = blCount;
            var brCount = Sklansky(data, pointer, total - 1, minYIndex, stack, brStack, 1, 1);
            if (clockwise)
            {
                (blStack, brStack) = (brStack, blStack);
                (blCount, brCount) = (brCount, blCount);
            }

            if (stopIndex >= 0)
            {
                var checkIndex = blCount > 2 ? stack[blStack + 1] :
                    blCount + brCount > 2 ? stack[brStack + 2 - blCount] : -1;
                if (checkIndex == stopIndex || (checkIndex >= 0 && data[pointer[checkIndex]] == data[pointer[stopIndex]]))
                {
                    // All points on one line: the lower half mirrors the upper one.
                    blCount = Math.Min(blCount, 2);
                    brCount = Math.Min(brCount, 2);
                }
            }

            for (var i = 0; i < blCount - 1; i++)
            {
                hull[nout++] = pointer[stack[blStack + i]];
            }

            for (var i = brCount - 1; i > 0; i--)
            {
                hull[nout++] = pointer[stack[brStack + i]];
            }

            RotateToMonotonicIndices(hull, nout, stack);
        }

        var result = new Point2I[nout];
        for (var i = 0; i < nout; i++)
        {
            result[i] = data[hull[i]];
        }

        return result;
    }

    // OpenCV tries to make the hull indices an ascending or descending sequence by a cyclic shift.
    private static void RotateToMonotonicIndices(int[] hull, int nout, int[] scratch)
    {
        if (nout < 3)
        {
            return;
        }

        int minIndex = 0, maxIndex = 0, lt = 0;
        for (var i = 1; i < nout; i++)
        {
            var index = hull[i];
            lt += hull[i - 1] < index ? 1 : 0;
            if (lt > 1 && lt < i)
            {
                break;
            }

            if (index < hull[minIndex])
            {
                minIndex = i;
            }

            if (index > hull[maxIndex])
            {
                maxIndex = i;
            }
        }

        var mmDist = Math.Abs(maxIndex - minIndex);
        if ((mmDist == 1 || mmDist == nout - 1) && (lt <= 1 || lt >= nout - 2))
        {
            var ascending = (maxIndex + 1) % nout == minIndex;
            var i0 = ascending ? minIndex : maxIndex;
            var j = i0;
            if (i0 > 0)
            {
                int i;
                for (i = 0; i < nout; i++)
                {
                    var current = scratch[i] = hull[j];
                    var nextJ = j + 1 < nout ? j + 1 : 0;
                    var next = hull[nextJ];
                    if (i < nout - 1 && ascending != (current < next))
                    {
                        break;
                    }

                    j = nextJ;
                }

                if (i == nout)
                {
                    Array.Copy(scratch, hull, nout);
                }
            }
        }
    }

    private static int Sklansky(Point2I[] data, int[] pointer, int start, int end, int[] stack, int stackOffset, int nsign, int sign2)
    {
        var incr = end > start ? 1 : -1;
        int pprev = start, pcur = pprev + incr, pnext = pcur + incr;
        var stackSize = 3;

        if (start == end || data[pointer[start]] == data[pointer[end]])
        {
            stack[stackOffset] = start;
            return 1;
        }

        stack[stackOffset] = pprev;
        stack[stackOffset + 1] = pcur;
        stack[stackOffset + 2] = pnext;

        end += incr;
        while (pnext != end)
        {
            var cury = data[pointer[pcur]].Y;
            var nexty = data[pointer[pnext]].Y;
            var by = nexty - cury;

            if (Math.Sign(by) != nsign)
            {
                var ax = data[pointer[pcur]].X - data[pointer[pprev]].X;
                var bx = data[pointer[pnext]].X - data[pointer[pcur]].X;
                var ay = cury - data[pointer[pprev]].Y;
                var convexity = ((long)ay * bx) - ((long)ax * by);

                if (Math.Sign(convexity) == sign2 && (ax != 0 || ay != 0))
                {
                    pprev = pcur;
                    pcur = pnext;
                    pnext += incr;
                    stack[stackOffset + stackSize] = pnext;
                    stackSize++;
                }
                else if (pprev == start)
                {
                    pcur = pnext;
                    stack[stackOffset + 1] = pcur;
                    pnext += incr;
                    stack[stackOffset + 2] = pnext;
                }
                else
                {
                    stack[stackOffset + stackSize - 2] = pnext;
                    pcur = pprev;
                    pprev = stack[stackOffset + stackSize - 4];
                    stackSize--;
                }
            }
            else
            {
                pnext += incr;
                stack[stackOffset + stackSize - 1] = pnext;
            }
        }

        return --stackSize;
    }
}
