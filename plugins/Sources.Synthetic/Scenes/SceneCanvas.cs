using System.Runtime.CompilerServices;
using SeCo.Plugins.Sources.Synthetic.Randomness;

namespace SeCo.Plugins.Sources.Synthetic.Scenes;

/// <summary>
/// The painter's buffers of a scene: per pixel the class id, the object instance and the base colour.
/// Objects are painted far to near; a later paint overwrites all three.
/// </summary>
internal sealed class SceneCanvas
{
    private readonly List<byte> _instanceClasses = [CityscapesClass.Ignore];

    /// <summary>Creates an empty canvas (class 255, instance 0, black).</summary>
    public SceneCanvas(int width, int height)
    {
        Width = width;
        Height = height;
        Labels = new byte[width * height];
        Array.Fill(Labels, CityscapesClass.Ignore);
        Instances = new int[width * height];
        Colors = new float[width * height * 3];
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Class id per pixel, row-major.</summary>
    public byte[] Labels { get; }

    /// <summary>Instance id per pixel, row-major; 0 = no object (ego vehicle).</summary>
    public int[] Instances { get; }

    /// <summary>Base colour per pixel (RGB interleaved), before texture and lighting.</summary>
    public float[] Colors { get; }

    /// <summary>The class of each instance id.</summary>
    public IReadOnlyList<byte> InstanceClasses => _instanceClasses;

    /// <summary>Registers a new object of class <paramref name="label"/> and returns its instance id.</summary>
    public int NewInstance(byte label)
    {
        _instanceClasses.Add(label);
        return _instanceClasses.Count - 1;
    }

    /// <summary>Paints one pixel; coordinates outside the canvas are ignored.</summary>
    public void Paint(int x, int y, byte label, int instance, Rgb color)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
        {
            return;
        }

        var i = y * Width + x;
        Labels[i] = label;
        Instances[i] = instance;
        Colors[i * 3] = color.R;
        Colors[i * 3 + 1] = color.G;
        Colors[i * 3 + 2] = color.B;
    }

    /// <summary>Scales the colour of a pixel without changing its class (shadows).</summary>
    public void Darken(int x, int y, float factor)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
        {
            return;
        }

        var i = (y * Width + x) * 3;
        Colors[i] *= factor;
        Colors[i + 1] *= factor;
        Colors[i + 2] *= factor;
    }

    /// <summary>Fills the axis-aligned rectangle [x0, x1) × [y0, y1); at least one pixel wide and high.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FillRect(double x0, double y0, double x1, double y1, byte label, int instance, Rgb color)
    {
        var (ix0, ix1) = PixelSpan(x0, x1);
        var (iy0, iy1) = PixelSpan(y0, y1);
        ix0 = Math.Max(ix0, 0);
        iy0 = Math.Max(iy0, 0);
        ix1 = Math.Min(ix1, Width);
        iy1 = Math.Min(iy1, Height);
        for (var y = iy0; y < iy1; y++)
        {
            for (var x = ix0; x < ix1; x++)
            {
                Paint(x, y, label, instance, color);
            }
        }
    }

    /// <summary>Fills an ellipse; the edge is made ragged by <paramref name="roughness"/> × noise when a noise field is given.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FillEllipse(double cx, double cy, double rx, double ry, byte label, int instance, Rgb color,
        ValueNoise? edgeNoise = null, double roughness = 0)
    {
        rx = Math.Max(rx, 0.5);
        ry = Math.Max(ry, 0.5);
        var ix0 = Math.Max((int)Math.Floor(cx - rx * (1 + roughness)), 0);
        var ix1 = Math.Min((int)Math.Ceiling(cx + rx * (1 + roughness)), Width - 1);
        var iy0 = Math.Max((int)Math.Floor(cy - ry * (1 + roughness)), 0);
        var iy1 = Math.Min((int)Math.Ceiling(cy + ry * (1 + roughness)), Height - 1);
        var noiseScale = (float)Math.Max(Math.Min(rx, ry) * 0.35, 1.5);
        for (var y = iy0; y <= iy1; y++)
        {
            var dy = (y + 0.5 - cy) / ry;
            for (var x = ix0; x <= ix1; x++)
            {
                var dx = (x + 0.5 - cx) / rx;
                var limit = 1.0;
                if (edgeNoise is { } noise)
                {
                    limit += roughness * (noise.Sample(x / noiseScale, y / noiseScale) - 0.5) * 2;
                }

                if (dx * dx + dy * dy <= limit * limit)
                {
                    Paint(x, y, label, instance, color);
                }
            }
        }
    }

    /// <summary>Darkens the ground inside an ellipse (a contact shadow); classes are unchanged.</summary>
    public void ShadeEllipse(double cx, double cy, double rx, double ry, float factor)
    {
        rx = Math.Max(rx, 0.5);
        ry = Math.Max(ry, 0.5);
        var ix0 = Math.Max((int)Math.Floor(cx - rx), 0);
        var ix1 = Math.Min((int)Math.Ceiling(cx + rx), Width - 1);
        var iy0 = Math.Max((int)Math.Floor(cy - ry), 0);
        var iy1 = Math.Min((int)Math.Ceiling(cy + ry), Height - 1);
        for (var y = iy0; y <= iy1; y++)
        {
            var dy = (y + 0.5 - cy) / ry;
            for (var x = ix0; x <= ix1; x++)
            {
                var dx = (x + 0.5 - cx) / rx;
                var d = dx * dx + dy * dy;
                var label = Labels[y * Width + x];
                if (d <= 1 && label is CityscapesClass.Road or CityscapesClass.Sidewalk or CityscapesClass.Terrain)
                {
                    Darken(x, y, (float)(factor + (1 - factor) * d));
                }
            }
        }
    }

    /// <summary>Fills a convex quadrilateral given in either winding order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FillQuad(double ax, double ay, double bx, double by, double cx, double cy, double dx, double dy,
        byte label, int instance, Rgb color)
    {
        var minX = Math.Max((int)Math.Floor(Math.Min(Math.Min(ax, bx), Math.Min(cx, dx))), 0);
        var maxX = Math.Min((int)Math.Ceiling(Math.Max(Math.Max(ax, bx), Math.Max(cx, dx))), Width - 1);
        var minY = Math.Max((int)Math.Floor(Math.Min(Math.Min(ay, by), Math.Min(cy, dy))), 0);
        var maxY = Math.Min((int)Math.Ceiling(Math.Max(Math.Max(ay, by), Math.Max(cy, dy))), Height - 1);
        for (var y = minY; y <= maxY; y++)
        {
            var py = y + 0.5;
            for (var x = minX; x <= maxX; x++)
            {
                var px = x + 0.5;
                var e0 = Edge(ax, ay, bx, by, px, py);
                var e1 = Edge(bx, by, cx, cy, px, py);
                var e2 = Edge(cx, cy, dx, dy, px, py);
                var e3 = Edge(dx, dy, ax, ay, px, py);
                if ((e0 >= 0 && e1 >= 0 && e2 >= 0 && e3 >= 0) || (e0 <= 0 && e1 <= 0 && e2 <= 0 && e3 <= 0))
                {
                    Paint(x, y, label, instance, color);
                }
            }
        }
    }

    /// <summary>Fills a line segment of the given thickness (at least one pixel).</summary>
    public void FillLine(double x0, double y0, double x1, double y1, double thickness, byte label, int instance, Rgb color)
    {
        var lx = x1 - x0;
        var ly = y1 - y0;
        var length = Math.Sqrt(lx * lx + ly * ly);
        if (length < 1e-6)
        {
            FillRect(x0 - thickness / 2, y0 - thickness / 2, x0 + thickness / 2, y0 + thickness / 2, label, instance, color);
            return;
        }

        var half = Math.Max(thickness, 1.0) / 2;
        var nx = -ly / length * half;
        var ny = lx / length * half;
        FillQuad(x0 + nx, y0 + ny, x1 + nx, y1 + ny, x1 - nx, y1 - ny, x0 - nx, y0 - ny, label, instance, color);
    }

    private static double Edge(double ax, double ay, double bx, double by, double px, double py) =>
        (bx - ax) * (py - ay) - (by - ay) * (px - ax);

    private static (int Start, int End) PixelSpan(double from, double to)
    {
        var start = (int)Math.Round(from, MidpointRounding.AwayFromZero);
        var end = (int)Math.Round(to, MidpointRounding.AwayFromZero);
        return (start, Math.Max(end, start + 1));
    }
}
