using System.Text.Json;
using SeCo.Vision.Regions;
using SeCo.Vision.Rle;

namespace SeCo.Vision.Tests.Regions.Golden;

/// <summary><c>regions/rle</c>: pycocotools encode / string / toBbox / area / decode. Tolerance: exact (integer and string oracles).</summary>
public sealed class RleGoldenTests
{
    [Theory]
    [MemberData(nameof(RegionsGolden.LabelMaps), MemberType = typeof(RegionsGolden))]
    public void Rle_of_every_region_matches_pycocotools(string name)
    {
        var map = RegionsGolden.ReadLabelMap(name);
        using var json = RegionsGolden.ReadJson("rle", name + "_rle.json");
        var expected = json.RootElement.GetProperty("regions").EnumerateArray().ToArray();

        var labeling = ConnectedComponents.LabelClasses(map.Data, map.Width, map.Height);
        var rles = RegionRleEncoder.EncodeAll(labeling);

        rles.Should().HaveCount(expected.Length);
        for (var r = 0; r < expected.Length; r++)
        {
            AssertMatches(rles[r], expected[r], $"region {r} of {name}");
        }
    }

    [Theory]
    [MemberData(nameof(RegionsGolden.LabelMaps), MemberType = typeof(RegionsGolden))]
    public void Decoding_every_region_string_gives_back_the_region(string name)
    {
        var expectedIndex = RegionsGolden.ReadRegionIndex(name, out var shape);
        int height = (int)shape[0], width = (int)shape[1];
        var areas = new int[expectedIndex.Max() + 1];
        foreach (var r in expectedIndex.Where(r => r >= 0))
        {
            areas[r]++;
        }

        using var json = RegionsGolden.ReadJson("rle", name + "_rle.json");
        var mask = new byte[height * width];
        foreach (var e in json.RootElement.GetProperty("regions").EnumerateArray())
        {
            var region = e.GetProperty("region").GetInt32();
            var rle = CocoRle.FromString(e.GetProperty("counts").GetString()!, height, width);

            // Every pixel of every run of ones belongs to the region, and they are all of its pixels.
            long t = 0, ones = 0;
            var counts = rle.Counts;
            for (var j = 0; j < counts.Length; t += counts[j], j++)
            {
                if (j % 2 == 1)
                {
                    for (var i = t; i < t + counts[j]; i++)
                    {
                        if (expectedIndex[(int)((i % height) * width) + (int)(i / height)] != region)
                        {
                            Assert.Fail($"{name}: column-major pixel {i} decodes into region {region}.");
                        }
                    }

                    ones += counts[j];
                }
            }

            t.Should().Be((long)height * width);
            ones.Should().Be(areas[region]);

            // The full decoder, on a sample of the regions of the large maps (decoding all is pixels x regions).
            if (height * width <= 128 * 256 || region % 50 == 0)
            {
                rle.Decode(mask);
                for (var p = 0; p < mask.Length; p++)
                {
                    if (mask[p] != (expectedIndex[p] == region ? 1 : 0))
                    {
                        Assert.Fail($"{name}: region {region} decodes to {mask[p]} at pixel {p}.");
                    }
                }
            }
        }
    }

    [Fact]
    public void Rle_edge_cases_encode_like_pycocotools()
    {
        using var json = RegionsGolden.ReadJson("rle", "rle_edge_cases.json");
        var masks = RegionsGolden.ReadEdgeCaseMasks();
        var cases = json.RootElement.GetProperty("encode_cases").EnumerateArray().ToArray();
        cases.Should().NotBeEmpty();

        foreach (var e in cases)
        {
            var name = e.GetProperty("name").GetString()!;
            var (shape, data) = masks["mask_" + name];
            var rle = CocoRle.Encode(data, (int)shape[0], (int)shape[1]);
            AssertMatches(rle, e, name);

            var asRegion = data.Select(v => v != 0 ? 0 : -1).ToArray();
            RegionRleEncoder.EncodeAll(asRegion, (int)shape[1], (int)shape[0], 1)[0].Counts.ToArray()
                .Should().Equal(RegionsGolden.UInts(e.GetProperty("counts_uncompressed")), $"the region sweep of {name}");
            rle.Decode().Should().Equal(data, name);
        }
    }

    [Fact]
    public void Rle_decode_only_cases_match_pycocotools()
    {
        using var json = RegionsGolden.ReadJson("rle", "rle_edge_cases.json");
        var masks = RegionsGolden.ReadEdgeCaseMasks();
        var cases = json.RootElement.GetProperty("decode_only_cases").EnumerateArray().ToArray();
        cases.Should().NotBeEmpty();

        foreach (var e in cases)
        {
            var name = e.GetProperty("name").GetString()!;
            var size = RegionsGolden.Ints(e.GetProperty("size"));
            var rle = CocoRle.FromString(e.GetProperty("counts").GetString()!, size[0], size[1]);
            AssertMatches(rle, e, name);
            rle.Decode().Should().Equal(masks["decode_" + name].Data, name);
        }
    }

    private static void AssertMatches(CocoRle rle, JsonElement expected, string because)
    {
        var size = RegionsGolden.Ints(expected.GetProperty("size"));
        new[] { rle.Height, rle.Width }.Should().Equal(size, because);
        rle.Counts.ToArray().Should().Equal(RegionsGolden.UInts(expected.GetProperty("counts_uncompressed")), because);
        rle.ToString().Should().Be(expected.GetProperty("counts").GetString(), because);
        rle.Area.Should().Be(expected.GetProperty("area").GetUInt32(), because);
        var box = rle.ToBbox();
        new double[] { box.X, box.Y, box.Width, box.Height }.Should()
            .Equal(expected.GetProperty("toBbox").EnumerateArray().Select(v => v.GetDouble()), because);
    }
}
