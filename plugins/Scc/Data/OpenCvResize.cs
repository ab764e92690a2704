namespace SeCo.Plugins.Scc.Data;

/// <summary>
/// The two <c>cv2.resize</c> modes the region dataset uses, reproduced in OpenCV's own arithmetic:
/// nearest (<c>floor(d · (1 / scale))</c> in double, no half-pixel offset) and bilinear for float32
/// three-channel images (half-pixel centres, float coefficients, no antialiasing, the exact-2x
/// downscale switched to area averaging as <c>cv::resize</c> does).
/// </summary>
internal static class OpenCvResize
{
    /// <summary>
    /// Source index per destination index for <c>INTER_NEAREST</c> with inverse scale <paramref name="inverseScale"/>
    /// (<c>dst / src</c>, or the <c>fx</c>/<c>fy</c> argument).
    /// </summary>
    public static void NearestIndices(Span<int> indices, int sourceLength, double inverseScale)
    {
        var scale = 1.0 / inverseScale;
        for (var d = 0; d < indices.Length; d++)
        {
            indices[d] = Math.Min((int)Math.Floor(d * scale), sourceLength - 1);
        }
    }

    /// <summary>
    /// <c>cv2.resize(src, (width, height), interpolation=INTER_LINEAR)</c> of a float32 HWC image with 3 channels.
    /// </summary>
    public static void Linear(ReadOnlySpan<float> source, int sourceWidth, int sourceHeight,
        Span<float> destination, int width, int height)
    {
        const int Channels = 3;
        if (sourceWidth == width && sourceHeight == height)
        {
            source[..(width * height * Channels)].CopyTo(destination);
            return;
        }

        if (sourceWidth == 2 * width && sourceHeight == 2 * height)
        {
            AreaHalf(source, sourceWidth, destination, width, height);
            return;
        }

        var scaleX = 1.0 / ((double)width / sourceWidth);
        var scaleY = 1.0 / ((double)height / sourceHeight);
        var xOffsets = new int[width];
        var alphas = new float[width * 2];
        for (var dx = 0; dx < width; dx++)
        {
            var fx = (float)((dx + 0.5) * scaleX - 0.5);
            var sx = (int)MathF.Floor(fx);
            fx -= sx;
            if (sx < 0)
            {
                fx = 0;
                sx = 0;
            }

            if (sx >= sourceWidth - 1)
            {
                fx = 0;
                sx = sourceWidth - 1;
            }

            xOffsets[dx] = sx;
            alphas[2 * dx] = 1f - fx;
            alphas[2 * dx + 1] = fx;
        }

        var rowLength = width * Channels;
        var row0 = new float[rowLength];
        var row1 = new float[rowLength];
        var cached0 = -1;
        var cached1 = -1;
        for (var dy = 0; dy < height; dy++)
        {
            var fy = (float)((dy + 0.5) * scaleY - 0.5);
            var sy = (int)MathF.Floor(fy);
            fy -= sy;
            var y0 = Math.Clamp(sy, 0, sourceHeight - 1);
            var y1 = Math.Clamp(sy + 1, 0, sourceHeight - 1);
            if (cached0 != y0)
            {
                if (cached1 == y0)
                {
                    (row0, row1) = (row1, row0);
                    (cached0, cached1) = (cached1, cached0);
                }
                else
                {
                    HorizontalPass(source.Slice(y0 * sourceWidth * Channels, sourceWidth * Channels), sourceWidth, xOffsets, alphas, row0);
                    cached0 = y0;
                }
            }

            if (cached1 != y1)
            {
                HorizontalPass(source.Slice(y1 * sourceWidth * Channels, sourceWidth * Channels), sourceWidth, xOffsets, alphas, row1);
                cached1 = y1;
            }

            var beta0 = 1f - fy;
            var beta1 = fy;
            var target = destination.Slice(dy * rowLength, rowLength);
            for (var i = 0; i < rowLength; i++)
            {
                target[i] = row0[i] * beta0 + row1[i] * beta1;
            }
        }
    }

    private static void HorizontalPass(ReadOnlySpan<float> row, int sourceWidth, int[] xOffsets, float[] alphas, Span<float> target)
    {
        const int Channels = 3;
        for (var dx = 0; dx < xOffsets.Length; dx++)
        {
            var sx = xOffsets[dx];
            var a0 = alphas[2 * dx];
            var a1 = alphas[2 * dx + 1];
            var s = sx * Channels;
            var t = dx * Channels;
            if (sx + 1 < sourceWidth)
            {
                target[t] = row[s] * a0 + row[s + 3] * a1;
                target[t + 1] = row[s + 1] * a0 + row[s + 4] * a1;
                target[t + 2] = row[s + 2] * a0 + row[s + 5] * a1;
            }
            else
            {
                target[t] = row[s];
                target[t + 1] = row[s + 1];
                target[t + 2] = row[s + 2];
            }
        }
    }

    private static void AreaHalf(ReadOnlySpan<float> source, int sourceWidth, Span<float> destination, int width, int height)
    {
        const int Channels = 3;
        var sourceRow = sourceWidth * Channels;
        for (var dy = 0; dy < height; dy++)
        {
            var top = source.Slice(2 * dy * sourceRow, sourceRow);
            var bottom = source.Slice((2 * dy + 1) * sourceRow, sourceRow);
            var target = destination.Slice(dy * width * Channels, width * Channels);
            for (var dx = 0; dx < width; dx++)
            {
                for (var c = 0; c < Channels; c++)
                {
                    var s = 2 * dx * Channels + c;
                    var sum = 0f;
                    sum += top[s];
                    sum += top[s + Channels];
                    sum += bottom[s];
                    sum += bottom[s + Channels];
                    target[dx * Channels + c] = sum * 0.25f;
                }
            }
        }
    }
}
