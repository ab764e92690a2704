using BenchmarkDotNet.Attributes;
using SeCo.Vision.Regions;

namespace SeCo.Benchmarks.Regions;

/// <summary>
/// SeCo SCC region extraction on a 1024x2048 Cityscapes-like pseudo label (~150 regions) with a ground-truth
/// map: the whole pipeline (components + RLE + records with true labels, and the JSON text), and its parts.
/// The reference (<c>gen_ins_mask</c>: OpenCV per class, a full-image mask per component, pycocotools, a
/// bincount per component) takes about 1.4 s per such image (anchors.md rows 5a/5b).
/// </summary>
[MemoryDiagnoser]
public class RegionExtractionBenchmarks
{
    private const int Width = 2048;
    private const int Height = 1024;

    private byte[] _labels = [];
    private byte[] _groundTruth = [];
    private RegionLabeling _labeling = null!;

    /// <summary>Draws the label map and its ground truth and labels it once for the partial benchmarks.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _labels = CityscapesLikeLabelMap.Create(Width, Height, seed: 2);
        _groundTruth = CityscapesLikeLabelMap.Create(Width, Height, seed: 3, shift: 6);
        _labeling = ConnectedComponents.LabelClasses(_labels, Width, Height);
        Console.WriteLine($"// Cityscapes-like {Height}x{Width} label map: {_labeling.Count} regions");
    }

    /// <summary>Components, RLE and records with true labels for all classes (what <c>gen_ins_mask</c> computes per image).</summary>
    [Benchmark(Baseline = true)]
    public RegionRecord[] ComponentsRleAndRecordsWithGroundTruth() =>
        RegionExtractor.Extract(_labels, Width, Height, _groundTruth, Width, Height);

    /// <summary>As <see cref="ComponentsRleAndRecordsWithGroundTruth"/> plus the JSON text the reference writes.</summary>
    [Benchmark]
    public string ComponentsRleRecordsAndJson() =>
        RegionRecordJson.Serialize(RegionExtractor.Extract(_labels, Width, Height, _groundTruth, Width, Height));

    /// <summary>One-pass 8-connected components of every class (region-index map and table).</summary>
    [Benchmark]
    public RegionLabeling ComponentsOnly() => ConnectedComponents.LabelClasses(_labels, Width, Height);

    /// <summary>COCO RLE of every region from the region-index map (one column-major sweep).</summary>
    [Benchmark]
    public int RleOnly()
    {
        var rles = RegionRleEncoder.EncodeAll(_labeling);
        var chars = 0;
        foreach (var rle in rles)
        {
            chars += rle.ToString().Length;
        }

        return chars;
    }

    /// <summary>True labels (majority GT value and purity) of every region in one pass over the ground truth.</summary>
    [Benchmark]
    public TrueLabel[] TrueLabelsOnly() => TrueLabelStatistics.Compute(_labeling, _groundTruth);
}
