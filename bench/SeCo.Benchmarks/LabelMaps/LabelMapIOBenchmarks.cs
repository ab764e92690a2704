using BenchmarkDotNet.Attributes;
using SeCo.Testing;
using SeCo.Vision.LabelMaps;

namespace SeCo.Benchmarks.LabelMaps;

/// <summary>
/// Label-map PNG IO at Cityscapes size (1024x2048). The map is the golden PSA pseudo-label
/// (psa/data/psd_label/train/synth_000.png, 256x512, noisy, ~8% ignore) upscaled 4x by nearest
/// neighbour, so it has realistic region sizes. Reference: PIL <c>np.array(Image.open(p))</c> and
/// <c>Image.save</c> of the same file on the same machine.
/// </summary>
[MemoryDiagnoser]
public class LabelMapIOBenchmarks
{
    private LabelMap _map = null!;
    private byte[] _png = null!;
    private string _folder = null!;
    private string _readPath = null!;
    private string _writePath = null!;

    [GlobalSetup]
    public void Setup()
    {
        var source = LabelMapIO.Read(GoldenData.PathOf("psa", "data", "psd_label", "train", "synth_000.png"));
        _map = LabelMapResize.Nearest(source, 2048, 1024);
        _png = LabelMapIO.Encode(_map, Palette.SeCoCityscapes);
        _folder = Path.Combine(Path.GetTempPath(), $"seco-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
        _readPath = Path.Combine(_folder, "read.png");
        _writePath = Path.Combine(_folder, "write.png");
        File.WriteAllBytes(_readPath, _png);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    /// <summary>Read a 1024x2048 palette PNG from disk.</summary>
    [Benchmark]
    public LabelMap Read() => LabelMapIO.Read(_readPath);

    /// <summary>Write a 1024x2048 palette PNG atomically (temp file, fsync, rename).</summary>
    [Benchmark]
    public void Write() => LabelMapIO.Write(_writePath, _map, Palette.SeCoCityscapes);

    /// <summary>Decode only (bytes in memory).</summary>
    [Benchmark]
    public LabelMap Decode() => LabelMapIO.Decode(_png, "bench.png");

    /// <summary>Encode only (bytes in memory).</summary>
    [Benchmark]
    public byte[] Encode() => LabelMapIO.Encode(_map, Palette.SeCoCityscapes);
}
