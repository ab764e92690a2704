namespace SeCo.Vision.Geometry;

/// <summary>
/// Minimum-area enclosing rectangle as OpenCV 4.6's <c>cv2.minAreaRect</c>: rotating calipers over the
/// OpenCV convex hull, in float32 with OpenCV's operation order, so that width/height/angle and therefore
/// <see cref="RotatedRect.Corners"/> match the reference bit for bit.
/// </summary>
public static class MinAreaRect
{
    /// <summary>The minimum-area rectangle of <paramref name="points"/>.</summary>
    public static RotatedRect Of(ReadOnlySpan<Point2I> points)
    {
        var hullI = ConvexHull.Of(points, clockwise: false);
        var n = hullI.Length;
        var hull = new Point2F[n];
        for (var i = 0; i < n; i++)
        {
            hull[i] = new Point2F(hullI[i].X, hullI[i].Y);
        }

        Point2F center = default;
        float width = 0, height = 0, angle = 0;
        if (n > 2)
        {
            RotatingCalipers(hull, out var corner, out var side1, out var side2);
            center = new Point2F(corner.X + ((side1.X + side2.X) * 0.5f), corner.Y + ((side1.Y + side2.Y) * 0.5f));
            width = (float)Math.Sqrt(((double)side1.X * side1.X) + ((double)side1.Y * side1.Y));
            height = (float)Math.Sqrt(((double)side2.X * side2.X) + ((double)side2.Y * side2.Y));
            angle = (float)Math.Atan2(side1.Y, side1.X);
        }
        else if (n == 2)
        {
            center = new Point2F((hull[0].X + hull[1].X) * 0.5f, (hull[0].Y + hull[1].Y) * 0.5f);
            double dx = hull[1].X - hull[0].X;
            double dy = hull[1].Y - hull[0].Y;
            width = (float)Math.Sqrt((dx * dx) + (dy * dy));
            height = 0;
            angle = (float)Math.Atan2(dy, dx);
        }
        else if (n == 1)
        {
            center = hull[0];
        }

        angle = (float)(angle * 180 / Math.PI);
        return new RotatedRect(center, width, height, angle);
    }

    // Rotating the first vector clockwise by 90° gives a negative dot product with the second.
    private static bool FirstIsRightOfSecond(Point2F first, Point2F second) =>
        (first.Y * second.X) + (-first.X * second.Y) < 0;

    private static void RotatingCalipers(Point2F[] points, out Point2F corner, out Point2F side1, out Point2F side2)
    {
        var n = points.Length;
        var minArea = float.MaxValue;
        var invLength = new float[n];
        var vect = new Point2F[n];
        int left = 0, bottom = 0, right = 0, top = 0;

        var pt0 = points[0];
        float leftX = pt0.X, rightX = pt0.X, topY = pt0.Y, bottomY = pt0.Y;
        for (var i = 0; i < n; i++)
        {
            if (pt0.X < leftX)
            {
                leftX = pt0.X;
                left = i;
            }

            if (pt0.X > rightX)
            {
                rightX = pt0.X;
                right = i;
            }

            if (pt0.Y > topY)
            {
                topY = pt0.Y;
                top = i;
            }

            if (pt0.Y < bottomY)
            {
                bottomY = pt0.Y;
                bottom = i;
            }

            var pt = points[i + 1 < n ? i + 1 : 0];
            double dx = pt.X - pt0.X;
            double dy = pt.Y - pt0.Y;
            vect[i] = new Point2F((float)dx, (float)dy);
            invLength[i] = (float)(1.0 / Math.Sqrt((dx * dx) + (dy * dy)));
            pt0 = pt;
        }

        // Orientation of the hull.
        float orientation = 0;
        {
            double ax = vect[n - 1].X;
            double ay = vect[n - 1].Y;
            for (var i = 0; i < n; i++)
            {
                double bx = vect[i].X;
                double by = vect[i].Y;
                var convexity = (ax * by) - (ay * bx);
                if (convexity != 0)
                {
                    orientation = convexity > 0 ? 1f : -1f;
                    break;
                }

                ax = bx;
                ay = by;
            }

            if (orientation == 0)
            {
                throw new InvalidOperationException("Rotating calipers need a hull that is not degenerate.");
            }
        }

        var baseA = orientation;
        var baseB = 0f;
        Span<int> seq = [bottom, right, top, left];
        int bestLeft = 0, bestBottom = 0;
        float bestA = 0, bestB = 0, bestWidth = 0, bestHeight = 0;

        for (var k = 0; k < n; k++)
        {
            // The calipers side with the smallest angle to its next hull edge, decided by the sign of a cross
            // product of the edge vectors rotated into the base frame (OpenCV >= 4.5), not by float cosines.
            Span<Point2F> rotated =
            [
                vect[seq[0]],
                new Point2F(vect[seq[1]].Y, -vect[seq[1]].X),
                new Point2F(-vect[seq[2]].X, -vect[seq[2]].Y),
                new Point2F(-vect[seq[3]].Y, vect[seq[3]].X),
            ];
            var main = 0;
            for (var i = 1; i < 4; i++)
            {
                if (FirstIsRightOfSecond(rotated[i], rotated[main]))
                {
                    main = i;
                }
            }

            var pIndex = seq[main];
            var leadX = vect[pIndex].X * invLength[pIndex];
            var leadY = vect[pIndex].Y * invLength[pIndex];
            switch (main)
            {
                case 0:
                    baseA = leadX;
                    baseB = leadY;
                    break;
                case 1:
                    baseA = leadY;
                    baseB = -leadX;
                    break;
                case 2:
                    baseA = -leadX;
                    baseB = -leadY;
                    break;
                default:
                    baseA = -leadY;
                    baseB = leadX;
                    break;
            }

            seq[main] += 1;
            if (seq[main] == n)
            {
                seq[main] = 0;
            }

            var dx = points[seq[1]].X - points[seq[3]].X;
            var dy = points[seq[1]].Y - points[seq[3]].Y;
            var width = (dx * baseA) + (dy * baseB);
            dx = points[seq[2]].X - points[seq[0]].X;
            dy = points[seq[2]].Y - points[seq[0]].Y;
            var height = (-dx * baseB) + (dy * baseA);
            var area = width * height;
            if (area <= minArea)
            {
                minArea = area;
                bestLeft = seq[3];
                bestA = baseA;
                bestWidth = width;
                bestB = baseB;
                bestHeight = height;
                bestBottom = seq[0];
            }
        }

        var a1 = bestA;
        var b1 = bestB;
        var a2 = -bestB;
        var b2 = bestA;
        var c1 = (a1 * points[bestLeft].X) + (points[bestLeft].Y * b1);
        var c2 = (a2 * points[bestBottom].X) + (points[bestBottom].Y * b2);
        var idet = 1f / ((a1 * b2) - (a2 * b1));
        var px = ((c1 * b2) - (c2 * b1)) * idet;
        var py = ((a1 * c2) - (a2 * c1)) * idet;
        corner = new Point2F(px, py);
        side1 = new Point2F(a1 * bestWidth, b1 * bestWidth);
        side2 = new Point2F(a2 * bestHeight, b2 * bestHeight);
    }
}
