namespace SeCo.Vision.Regions;

/// <summary>
/// OpenCV's <c>cv2.resize(..., interpolation=INTER_NEAREST)</c> for 8-bit maps: destination pixel <c>d</c> takes
/// source pixel <c>min(floor(d * (1 / (dst / src))), src - 1)</c> per axis, in double arithmetic as
/// <c>resizeNN</c> does (no half-pixel offset).
/// </summary>
internal static class NearestResize
{
    public static byte[] Resize(ReadOnlySpan<byte> source, int sourceWidth, int sourceHeight, int width, int height)
    {
        var result = new byte[width * height];
        var columns = SourceIndices(sourceWidth, width);
        var rows = SourceIndices(sourceHeight, height);
        for (var y = 0; y < height; y++)
        {
            var sourceRow = source.Slice(rows[y] * sourceWidth, sourceWidth);
            var row = result.AsSpan(y * width, width);
            for (var x = 0; x < width; x++)
            {
                row[x] = sourceRow[columns[x]];
            }
        }

        return result;
    }

    private static int[] SourceIndices(int sourceSize, int size)
    {
        var inverseScale = 1.0 / ((double)size / sourceSize);
        var indices = new int[size];
        for (var d = 0; d < size; d++)
        {
            indices[d] = Math.Min((int)Math.Floor(d * inverseScale), sourceSize - 1);
        }

        return indices;
    }
}
