using SeCo.Vision.Regions;

namespace SeCo.Vision.Tests.Regions;

/// <summary>A deliberately naive flood-fill labelling (one class and one component at a time) to check the one-pass labeller against.</summary>
internal static class ReferenceLabeling
{
    public static int[] RegionIndex(byte[] labels, int width, int height, Connectivity connectivity, ComponentOrder order, int ignore)
    {
        var component = new int[labels.Length];
        Array.Fill(component, -1);
        var components = new List<(int Class, long Key, List<int> Pixels)>();
        var stack = new Stack<int>();
        for (var start = 0; start < labels.Length; start++)
        {
            if (labels[start] == ignore || component[start] >= 0)
            {
                continue;
            }

            var id = components.Count;
            var pixels = new List<int>();
            component[start] = id;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var p = stack.Pop();
                pixels.Add(p);
                int y = p / width, x = p % width;
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        if ((dx == 0 && dy == 0) || (connectivity == Connectivity.Four && dx != 0 && dy != 0))
                        {
                            continue;
                        }

                        int ny = y + dy, nx = x + dx;
                        if (ny < 0 || ny >= height || nx < 0 || nx >= width)
                        {
                            continue;
                        }

                        var q = (ny * width) + nx;
                        if (component[q] < 0 && labels[q] == labels[start])
                        {
                            component[q] = id;
                            stack.Push(q);
                        }
                    }
                }
            }

            // OpenCV: first 2x2 block for 8-connectivity, first pixel for 4-connectivity.
            long key = order == ComponentOrder.FirstPixel || connectivity == Connectivity.Four
                ? pixels.Min()
                : pixels.Min(p => ((long)(p / width / 2) * width) + (p % width / 2));
            components.Add((labels[start], key, pixels));
        }

        var sorted = components.Select((c, i) => (c, i)).OrderBy(t => t.c.Class).ThenBy(t => t.c.Key).Select(t => t.i).ToArray();
        var rank = new int[sorted.Length];
        for (var r = 0; r < sorted.Length; r++)
        {
            rank[sorted[r]] = r;
        }

        return component.Select(c => c < 0 ? -1 : rank[c]).ToArray();
    }

    /// <summary>Random label map with blobs, stripes, single pixels and ignore, so that regions of one class touch diagonally.</summary>
    public static byte[] RandomMap(Random random, int width, int height, int classes, double ignoreShare)
    {
        var map = new byte[width * height];
        for (var p = 0; p < map.Length; p++)
        {
            map[p] = random.NextDouble() < ignoreShare ? (byte)255 : (byte)random.Next(classes);
        }

        // Smear some rows and columns so that longer runs exist too.
        for (var i = 0; i < (width + height) / 2; i++)
        {
            int y = random.Next(height), x = random.Next(width), length = random.Next(1, width);
            var value = (byte)random.Next(classes);
            for (var k = x; k < Math.Min(width, x + length); k++)
            {
                map[(y * width) + k] = value;
            }
        }

        return map;
    }
}
