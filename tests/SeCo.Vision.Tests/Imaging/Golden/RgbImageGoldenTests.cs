using System.Security.Cryptography;
using SeCo.Testing;
using SeCo.Vision.Imaging;

namespace SeCo.Vision.Tests.Imaging.Golden;

public sealed class RgbImageGoldenTests
{
    // Expected digests: SHA-256 of the HWC uint8 array, produced with
    //   python3 -c "from PIL import Image; import numpy as np, hashlib;
    //               print(hashlib.sha256(np.array(Image.open(p).convert('RGB')).tobytes()).hexdigest())"
    [Theory]
    [InlineData("synth_000_leftImg8bit.png", "52cc8944ab72786d9d9a9b8907b72b1eec9b92c3c773303c725a079905f1810f")]
    [InlineData("synth_001_leftImg8bit.png", "a53d018d320b2249468b7e4766804fa3f913611332b2af9436005888353bd0c2")]
    [InlineData("synth_002_leftImg8bit.png", "d39f42438c63dd8025b7a85fa250535525c64469981a7b976b496fd6a094e11e")]
    public void Golden_images_read_exactly_as_pil_reads_them(string name, string sha256)
    {
        var image = RgbImageIO.Read(GoldenData.PathOf("psa", "data", "leftImg8bit", "train", name));

        image.Width.Should().Be(512);
        image.Height.Should().Be(256);
        image[20, 10].Should().Be(((byte)92, (byte)152, (byte)229));
        Convert.ToHexStringLower(SHA256.HashData(image.Data)).Should().Be(sha256);
    }
}
