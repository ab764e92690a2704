using SeCo.Vision.Regions;

namespace SeCo.Vision.Tests.Regions.Golden;

/// <summary>Region extraction allocates in proportion to the image, not to image x regions (issue: "Memory").</summary>
public sealed class RegionMemoryGoldenTests
{
    /// <summary>Bytes per pixel the whole extraction may allocate: the int32 region-index map plus pooled scratch and records.</summary>
    private const double AllowedBytesPerPixel = 12;

    [Fact]
    public void Region_extraction_allocates_proportionally_to_pixels_not_regions()
    {
        var map = RegionsGolden.ReadLabelMap("lm_512x1024_seed2");
        var truth = map.Data.Select(v => (byte)(v == 255 ? 255 : (v + 1) % 19)).ToArray();
        RegionExtractor.Extract(map.Data, map.Width, map.Height, truth, map.Width, map.Height); // warm pools and JIT

        var before = GC.GetAllocatedBytesForCurrentThread();
        var records = RegionExtractor.Extract(map.Data, map.Width, map.Height, truth, map.Width, map.Height);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        records.Should().HaveCount(988);
        var pixels = (double)map.Data.Length;

        // A mask per region would be 988 x 512 KiB here; the budget is a few bytes per pixel in total.
        allocated.Should().BeLessThan((long)(AllowedBytesPerPixel * pixels), $"{allocated / pixels:F2} bytes per pixel were allocated");
    }
}
