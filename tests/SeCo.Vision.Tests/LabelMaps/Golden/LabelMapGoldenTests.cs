using System.Security.Cryptography;
using System.Text.Json;
using SeCo.Testing;
using SeCo.Vision.LabelMaps;

namespace SeCo.Vision.Tests.LabelMaps.Golden;

/// <summary>Label-map IO against the PIL-written PNGs of the golden data (exact: class ids are integers).</summary>
public sealed class LabelMapGoldenTests
{
    [Theory]
    [InlineData("lm_07x09_handmade")]
    [InlineData("lm_032x048_handmade")]
    [InlineData("lm_128x256_seed1")]
    [InlineData("lm_512x1024_seed2")]
    public void Regions_label_maps_read_as_the_classes_of_their_region_index(string name)
    {
        var map = LabelMapIO.Read(GoldenData.PathOf("regions", "cc", $"{name}.png"));
        var (shape, regionIndex) = TestSafetensors.ReadInt32(
            GoldenData.PathOf("regions", "cc", $"{name}_regions.safetensors"), "region_index");
        using var regions = JsonDocument.Parse(File.ReadAllBytes(GoldenData.PathOf("regions", "cc", $"{name}_regions.json")));
        var classOfRegion = regions.RootElement.GetProperty("regions").EnumerateArray()
            .ToDictionary(r => r.GetProperty("region").GetInt32(), r => (byte)r.GetProperty("class").GetInt32());

        map.Height.Should().Be(shape[0]);
        map.Width.Should().Be(shape[1]);
        var expected = regionIndex.Select(r => r < 0 ? LabelMap.Ignore : classOfRegion[r]).ToArray();
        map.Data.Should().Equal(expected);
    }

    // Expected digests: SHA-256 of the uint8 array PIL reads, produced with
    //   python3 -c "from PIL import Image; import numpy as np, hashlib;
    //               print(hashlib.sha256(np.array(Image.open(p)).tobytes()).hexdigest())"
    [Theory]
    [InlineData("psa/data/psd_label/train/synth_000.png", 512, 256, "aa6c4206d3b9b76e7cecc489c54a2616275955a731ba3097b278087cc1383925")]
    [InlineData("psa/data/psd_label/train/synth_001.png", 512, 256, "e531cfb515f41c0a130cab713f81f64da5a94858bd1b1f70a2183e639fcacf37")]
    [InlineData("psa/data/psd_label/train/synth_002.png", 512, 256, "9d37345148e44f8c48b3c952f111627730dee41e23159a8129e3ed8dc0b1f7c0")]
    [InlineData("psa/data/gtFine/train/synth_000_gtFine_labelTrainIds.png", 512, 256, "934d1f4bc73d0060edd76f4209a5ce48eb6907afafac54fae2b4f2001e76cf94")]
    [InlineData("psa/data/psd_label_sam_tiny_rand_lowthr/train/synth_001.png", 512, 256, "51423f804815b0cd90c2c1642735597447f05cbaa6e6bd4b65fdae1c3ef43e47")]
    [InlineData("geometry/purity_lm_064x128_seed31.png", 128, 64, "dc083a23cc23d52b417bcb6f8920c013af6320bee44ef806565afb2c50c6a54e")]
    [InlineData("geometry/purity_lm_256x512_seed32.png", 512, 256, "9e547884cfdcbd0e679f87cbe5d49f9102ae480fcff135a976ff5ebfd254d2be")]
    [InlineData("unimatch/miou/pair2_gt.png", 72, 40, "b0e4150e679102be4d8665f110df27cd418b8d77cec78624e36c3a255ead03b4")]
    public void Golden_label_maps_read_exactly_as_pil_reads_them(string relativePath, int width, int height, string sha256)
    {
        var map = LabelMapIO.Read(GoldenData.PathOf(relativePath.Split('/')));

        map.Width.Should().Be(width);
        map.Height.Should().Be(height);
        Convert.ToHexStringLower(SHA256.HashData(map.Data)).Should().Be(sha256);
    }

    [Fact]
    public void Golden_seco_palette_is_the_seco_cityscapes_palette()
    {
        LabelMapIO.Read(GoldenData.PathOf("psa", "data", "psd_label", "train", "synth_000.png"), out var palette);

        palette.Should().NotBeNull();
        palette!.Bytes.ToArray().Should().Equal(Palette.SeCoCityscapes.Bytes.ToArray());
    }

    [Theory]
    [InlineData("regions/cc/lm_512x1024_seed2.png")]
    [InlineData("psa/data/psd_label/train/synth_002.png")]
    [InlineData("geometry/purity_lm_256x512_seed32.png")]
    public void Golden_label_maps_survive_a_write_and_read_round_trip(string relativePath)
    {
        var original = LabelMapIO.Read(GoldenData.PathOf(relativePath.Split('/')), out var palette);
        using var temp = new TempDirectory();
        var path = temp.File("copy.png");

        LabelMapIO.Write(path, original, palette);
        var copy = LabelMapIO.Read(path, out var copyPalette);

        copy.Width.Should().Be(original.Width);
        copy.Height.Should().Be(original.Height);
        copy.Data.Should().Equal(original.Data);
        copyPalette!.Bytes.ToArray().Should().Equal(palette!.Bytes.ToArray());
    }
}
