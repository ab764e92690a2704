using SeCo.Benchmarks.Measurement;

namespace SeCo.Benchmarks;

/// <summary>
/// Row 6 of <c>shared/anchors.md</c> (SeCo PSA purity, radius 8, 19 classes + ignore, 512×1024 map) measured with the
/// anchors' method (<see cref="AnchorRunner"/>): fresh process, 1 warm-up, 3 timed runs.
/// <c>dotnet run -c Release --project bench/SeCo.Benchmarks -- anchors purity</c>.
/// </summary>
internal static class AnchorItems
{
    /// <summary>Item names and what they measure.</summary>
    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        ["purity"] = "6: spatial purity, radius 8 (17×17 window), of a 512×1024 map of 150 random-class cells",
    };

    /// <summary>Runs <paramref name="item"/>; returns false for an unknown name.</summary>
    public static bool Run(string item)
    {
        if (item != "purity")
        {
            return false;
        }

        var purity = new PurityBenchmarks();
        purity.Setup();
        AnchorRunner.Run(item, _ => purity.Purity_cityscapes_like_512x1024());
        Console.WriteLine($"{item}: input 512x1024 sha256 {purity.SceneSha256()}");
        return true;
    }
}
