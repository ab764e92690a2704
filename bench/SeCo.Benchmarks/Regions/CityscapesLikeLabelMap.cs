namespace SeCo.Benchmarks.Regions;

/// <summary>
/// A deterministic synthetic street scene in Cityscapes train ids (1024x2048 by default): sky, buildings with
/// walls and fences, vegetation, road and sidewalks, and scattered things (cars, people, riders, bicycles,
/// poles, signs, lights) plus ignore (255) patches, so that it has about 150 regions of 19 classes with long
/// runs like a real pseudo label. The matching "ground truth" is the same scene drawn with another seed for
/// the things, shifted by a few pixels, so region purities vary.
/// </summary>
public static class CityscapesLikeLabelMap
{
    private const byte Road = 0, Sidewalk = 1, Building = 2, Wall = 3, Fence = 4, Pole = 5, Light = 6, Sign = 7,
        Vegetation = 8, Terrain = 9, Sky = 10, Person = 11, Rider = 12, Car = 13, Truck = 14, Bus = 15, Bicycle = 18, Ignore = 255;

    /// <summary>Draws the scene; the same seed gives the same bytes.</summary>
    public static byte[] Create(int width, int height, int seed, int shift = 0)
    {
        var map = new byte[width * height];
        var horizon = height * 45 / 100;

        Fill(map, width, 0, 0, width, height, Road);
        Fill(map, width, 0, 0, width, horizon, Sky);

        // Buildings, walls and vegetation along the horizon.
        var x = 0;
        var facade = new Random(7);
        while (x < width)
        {
            var w = facade.Next(width / 16, width / 6);
            var top = facade.Next(height / 12, horizon - (height / 10));
            var cls = facade.Next(5) switch { 0 => Vegetation, 1 => Wall, _ => Building };
            Fill(map, width, x, top, w, horizon - top + (height / 20), cls);
            x += w;
        }

        // Sidewalks, terrain strips and fences on both sides.
        FillPolygonRows(map, width, height, horizon + (height / 20), height, row => (0, (int)(width * 0.25 * (row - horizon) / (height - horizon))), Sidewalk);
        FillPolygonRows(map, width, height, horizon + (height / 20), height, row => (width - (int)(width * 0.25 * (row - horizon) / (height - horizon)), width), Sidewalk);
        Fill(map, width, 0, horizon, width / 8, height / 40, Fence);
        Fill(map, width, width * 7 / 8, horizon, width / 8, height / 40, Terrain);

        // Things: a fixed number per class, placed by the seed (overlaps merge a few of them).
        var things = new Random(seed);
        Scatter(map, width, height, things, 26, Car, horizon, (width / 30, width / 10), (height / 30, height / 10), shift);
        Scatter(map, width, height, things, 3, Truck, horizon, (width / 10, width / 6), (height / 10, height / 6), shift);
        Scatter(map, width, height, things, 2, Bus, horizon, (width / 8, width / 5), (height / 8, height / 5), shift);
        Scatter(map, width, height, things, 16, Person, horizon - (height / 10), (width / 120, width / 60), (height / 20, height / 8), shift);
        Scatter(map, width, height, things, 5, Rider, horizon - (height / 10), (width / 100, width / 50), (height / 20, height / 8), shift);
        Scatter(map, width, height, things, 8, Bicycle, horizon, (width / 60, width / 30), (height / 40, height / 20), shift);
        Scatter(map, width, height, things, 18, Pole, height / 8, (3, 8), (height / 5, height / 2), shift);
        Scatter(map, width, height, things, 10, Sign, height / 8, (width / 120, width / 60), (height / 60, height / 30), shift);
        Scatter(map, width, height, things, 6, Light, height / 8, (width / 200, width / 100), (height / 40, height / 20), shift);
        Scatter(map, width, height, things, 8, Vegetation, height / 4, (width / 40, width / 12), (height / 20, height / 8), shift);
        Scatter(map, width, height, things, 8, Ignore, 0, (width / 60, width / 20), (height / 60, height / 20), shift);

        // Ego-vehicle hood is ignored in Cityscapes.
        Fill(map, width, 0, height - (height / 16), width, height / 16, Ignore);
        return map;
    }

    private static void Scatter(byte[] map, int width, int height, Random random, int count, byte cls, int minTop,
        (int Min, int Max) widths, (int Min, int Max) heights, int shift)
    {
        for (var i = 0; i < count; i++)
        {
            var w = random.Next(widths.Min, widths.Max + 1);
            var h = random.Next(heights.Min, heights.Max + 1);
            var x = random.Next(0, Math.Max(1, width - w)) + shift;
            var y = random.Next(minTop, Math.Max(minTop + 1, height - h)) + shift;

            // Rounded blobs: an ellipse inside the box, so runs have varying lengths.
            for (var row = 0; row < h; row++)
            {
                var dy = ((row + 0.5) / h * 2) - 1;
                var half = (int)(w / 2.0 * Math.Sqrt(Math.Max(0, 1 - (dy * dy))));
                Fill(map, width, x + (w / 2) - half, y + row, Math.Max(1, 2 * half), 1, cls, height);
            }
        }
    }

    private static void FillPolygonRows(byte[] map, int width, int height, int top, int bottom, Func<int, (int Left, int Right)> span, byte cls)
    {
        for (var row = top; row < bottom; row++)
        {
            var (left, right) = span(row);
            Fill(map, width, left, row, right - left, 1, cls, height);
        }
    }

    private static void Fill(byte[] map, int width, int x, int y, int w, int h, byte cls, int height = int.MaxValue)
    {
        var x0 = Math.Max(0, x);
        var x1 = Math.Min(width, x + w);
        var y1 = Math.Min(Math.Min(height, map.Length / width), y + h);
        for (var row = Math.Max(0, y); row < y1 && x1 > x0; row++)
        {
            map.AsSpan((row * width) + x0, x1 - x0).Fill(cls);
        }
    }
}
