namespace SeCo.Vision.Tests.Golden;

/// <summary>
/// Test-side 8-connected labelling of one class, numbered as scikit-image numbers it (raster order of each
/// component's first pixel), with each component's pixels as ascending row-major indices. Only the golden PSA
/// tests use it, to rebuild the components the reference fed to the geometry.
/// </summary>
internal static class ThingComponents
{
    public static List<int[]> Of(byte[] labels, int width, int height, byte classId)
    {
        var seen = new bool[labels.Length];
        var components = new List<int[]>();
        var stack = new Stack<int>();
        for (var start = 0; start < labels.Length; start++)
        {
            if (seen[start] || labels[start] != classId)
            {
                continue;
            }

            var pixels = new List<int>();
            seen[start] = true;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var p = stack.Pop();
                pixels.Add(p);
                int x = p % width, y = p / width;
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        int nx = x + dx, ny = y + dy;
                        if (nx < 0 || ny < 0 || nx >= width || ny >= height)
                        {
                            continue;
                        }

                        var q = (ny * width) + nx;
                        if (!seen[q] && labels[q] == classId)
                        {
                            seen[q] = true;
                            stack.Push(q);
                        }
                    }
                }
            }

            pixels.Sort();
            components.Add([.. pixels]);
        }

        return components;
    }
}
