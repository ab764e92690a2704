using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using SeCo.Benchmarks.Measurement;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Regions;

namespace SeCo.Benchmarks.Scc;

/// <summary>
/// SCC's <c>gen_ins_mask</c> on one 1024x2048 pseudo-label with ground truth: connected regions per class, true-label
/// statistics, COCO RLE and boxes, serialised to the reference JSON. Reference: 1.46 s (<c>shared/anchors.md</c> row
/// 5a, 148 regions of which 48 ≥ 100 px, including reading the two PNGs). The map here is a fixed random mosaic of
/// about 150 regions plus ~4 000 one-pixel speckles (the worst case: every speckle is a region); the PNG reads are
/// timed separately.
/// </summary>
[Config(typeof(AnchorBenchmarkConfig))]
[MemoryDiagnoser(false)]
public class RegionExtractionBenchmarks
{
    private const int Width = 2048;
    private const int Height = 1024;
    private LabelMap _labels = null!;
    private LabelMap _groundTruth = null!;
    private byte[] _labelPng = [];
    private byte[] _groundTruthPng = [];

    /// <summary>Builds the maps: 150 Voronoi cells of random classes; the pseudo-label adds speckles.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(0);
        const int Cells = 150;
        var cx = new int[Cells];
        var cy = new int[Cells];
        var cls = new byte[Cells];
        for (var i = 0; i < Cells; i++)
        {
            cx[i] = random.Next(Width);
            cy[i] = random.Next(Height);
            cls[i] = (byte)random.Next(19);
        }

        _groundTruth = new LabelMap(Width, Height);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var best = 0;
                var bestDistance = long.MaxValue;
                for (var i = 0; i < Cells; i++)
                {
                    long dx = x - cx[i];
                    long dy = y - cy[i];
                    var distance = dx * dx + dy * dy;
                    if (distance < bestDistance)
                    {
                        bestDistance = distance;
                        best = i;
                    }
                }

                _groundTruth.Data[y * Width + x] = cls[best];
            }
        }

        _labels = new LabelMap(Width, Height);
        _groundTruth.Data.CopyTo(_labels.Data, 0);
        for (var s = 0; s < 4000; s++)
        {
            _labels.Data[random.Next(Width * Height)] = (byte)random.Next(19);
        }

        _labelPng = LabelMapIO.Encode(_labels, Palette.SeCoCityscapes);
        _groundTruthPng = LabelMapIO.Encode(_groundTruth, Palette.SeCoCityscapes);
    }

    /// <summary>Regions, statistics, RLE and the JSON text of one map.</summary>
    [Benchmark]
    public int Extract_1024x2048() => RegionRecordJson.Serialize(RegionExtractor.Extract(_labels, _groundTruth)).Length;

    /// <summary>Decoding the two PNGs (pseudo-label and ground truth) that the reference row also reads.</summary>
    [Benchmark]
    public int DecodePngs_1024x2048() => LabelMapIO.Decode(_labelPng, "labels.png").Width + LabelMapIO.Decode(_groundTruthPng, "gt.png").Width;

    /// <summary>
    /// SHA-256 of the two maps (row-major bytes) and of the JSON text, in the words <c>bench/reference/scc_regions.py</c>
    /// prints for the reference's input and output, so that equal input and output can be checked.
    /// </summary>
    public string Fingerprint() =>
        $"pseudo-label sha256 {Sha256(_labels.Data)}, ground truth sha256 {Sha256(_groundTruth.Data)}, " +
        $"JSON sha256 {Sha256(Encoding.UTF8.GetBytes(RegionRecordJson.Serialize(RegionExtractor.Extract(_labels, _groundTruth))))}";

    private static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
