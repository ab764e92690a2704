using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using SeCo.Vision.Geometry;
using SeCo.Vision.Purity;

namespace SeCo.Benchmarks;

/// <summary>
/// SeCo PSA's spatial purity map on a 512×1024 label map with 19 classes + ignore (anchors.md row 6: the reference
/// <c>Calculate_purity</c> takes 7.6 s on the 2-core machine), and the thing-prompt geometry of one large component.
/// </summary>
[MemoryDiagnoser]
public class PurityBenchmarks
{
    private const int Width = 1024;
    private const int Height = 512;
    private const int NumClasses = 19;

    private byte[] _scene = [];
    private byte[] _noise = [];
    private byte[] _blob = [];
    private float[] _purity = [];

    [GlobalSetup]
    public void Setup()
    {
        _scene = Scene(seed: 1, cells: 150);
        _noise = Noise(seed: 2);
        _purity = new float[Width * Height];

        // One thing-sized component (a filled ellipse) for the contour → rect → unclip → box chain.
        _blob = new byte[Width * Height];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                double dx = (x - 400) / 120.0, dy = (y - 250) / 60.0;
                if ((dx * dx) + (dy * dy) <= 1)
                {
                    _blob[(y * Width) + x] = 1;
                }
            }
        }
    }

    /// <summary>Voronoi cells with 2-pixel ignore borders: windows hold a few classes, as in real pseudo-labels.</summary>
    [Benchmark(Baseline = true)]
    public void Purity_cityscapes_like_512x1024() => SpatialPurity.Compute(_scene, Width, Height, NumClasses, SpatialPurity.DefaultRadius, _purity);

    /// <summary>SHA-256 of the Voronoi map (row-major bytes), as <c>bench/reference/purity.py</c> prints it for its input.</summary>
    public string SceneSha256() => Convert.ToHexStringLower(SHA256.HashData(_scene));

    /// <summary>Uniform random labels: every window holds all 20 channels (worst case).</summary>
    [Benchmark]
    public void Purity_random_labels_512x1024() => SpatialPurity.Compute(_noise, Width, Height, NumClasses, SpatialPurity.DefaultRadius, _purity);

    /// <summary>Contour, min-area rectangle, unclip and box of a ~22,600-pixel component (full-frame mask).</summary>
    [Benchmark]
    public BoxPrompt? Box_prompt_of_a_large_component() =>
        ComponentBoxGeometry.Compute(_blob, Width, Height, default, Width, Height)!.Box;

    private static byte[] Scene(int seed, int cells)
    {
        var random = new Random(seed);
        var cx = new int[cells];
        var cy = new int[cells];
        var classes = new byte[cells];
        for (var i = 0; i < cells; i++)
        {
            cx[i] = random.Next(Width);
            cy[i] = random.Next(Height);
            classes[i] = (byte)random.Next(NumClasses);
        }

        var owner = new int[Width * Height];
        var map = new byte[Width * Height];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var best = 0;
                var bestDistance = long.MaxValue;
                for (var i = 0; i < cells; i++)
                {
                    long dx = x - cx[i], dy = y - cy[i];
                    var distance = (dx * dx) + (dy * dy);
                    if (distance < bestDistance)
                    {
                        bestDistance = distance;
                        best = i;
                    }
                }

                owner[(y * Width) + x] = best;
                map[(y * Width) + x] = classes[best];
            }
        }

        for (var y = 0; y < Height - 1; y++)
        {
            for (var x = 0; x < Width - 1; x++)
            {
                var i = (y * Width) + x;
                if (owner[i] != owner[i + 1] || owner[i] != owner[i + Width])
                {
                    map[i] = 255;
                    map[i + 1] = 255;
                }
            }
        }

        return map;
    }

    private static byte[] Noise(int seed)
    {
        var random = new Random(seed);
        var map = new byte[Width * Height];
        for (var i = 0; i < map.Length; i++)
        {
            map[i] = random.Next(20) == 19 ? (byte)255 : (byte)random.Next(NumClasses);
        }

        return map;
    }
}
