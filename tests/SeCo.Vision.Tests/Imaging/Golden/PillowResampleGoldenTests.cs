using System.Security.Cryptography;
using SeCo.Testing;
using SeCo.Vision.Checkpoints;
using SeCo.Vision.Imaging;

namespace SeCo.Vision.Tests.Imaging.Golden;

/// <summary>
/// <see cref="PillowResample"/> against Pillow itself: the golden oracles that resize with PIL (SAM's
/// <c>ResizeLongestSide</c>, ProDA's loader) and digests of Pillow 9.4 resizes of a golden image. Pillow's resample is
/// integer arithmetic after the coefficients, so every comparison is exact.
/// </summary>
public sealed class PillowResampleGoldenTests
{
    [Fact]
    public void Sam_longest_side_upscale_matches_pil_bilinear_exactly()
    {
        var image = RgbImageIO.Read(GoldenData.PathOf("sam", "test_image.png"));
        var expected = RgbImageIO.Read(GoldenData.PathOf("sam", "vit_b", "input_resized.png"));

        var resized = PillowResample.Resize(image, expected.Width, expected.Height, PillowFilter.Bilinear);

        resized.Data.Should().Equal(expected.Data);
    }

    // sources/README.md §7: the ProDA loader's img.resize(img_size, Image.BILINEAR), stored as float32(u8 / 255).
    [Theory]
    [InlineData("down", "down_input_96x192", 128, 64)]
    [InlineData("up", "up_input_48x96", 128, 64)]
    public void Proda_loader_resize_matches_pil_bilinear_exactly(string tag, string stem, int width, int height)
    {
        var image = RgbImageIO.Read(GoldenData.PathOf("sources", "proda_preprocess", stem + "_leftImg8bit.png"));
        var golden = SafeTensors.Load(GoldenData.PathOf("sources", "proda_preprocess", "proda_preprocess.safetensors"));
        float[] planes;
        try
        {
            planes = golden[tag + "_img"].data<float>().ToArray();
        }
        finally
        {
            foreach (var tensor in golden.Values)
            {
                tensor.Dispose();
            }
        }

        var resized = PillowResample.Resize(image, width, height, PillowFilter.Bilinear);

        var expected = new byte[width * height * 3];
        var plane = width * height;
        for (var i = 0; i < plane; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                expected[i * 3 + c] = (byte)Math.Round(planes[c * plane + i] * 255.0);
            }
        }

        resized.Data.Should().Equal(expected);
    }

    // Expected digests: SHA-256 of the HWC uint8 array, produced with Pillow 9.4:
    //   np.asarray(Image.open(p).convert('RGB').resize((w, h), Image.BICUBIC or Image.BILINEAR)).tobytes()
    // 512x256 → 700x300 enlarges both axes, → 300x170 reduces both by non-integer factors, → 512x97 and 173x256
    // resample one axis only.
    [Theory]
    [InlineData(PillowFilter.Bicubic, 700, 300, "e53dc910561f7dc205e8091e05279d9b4ac8a8d5c8d2127998531db3c6561fc9")]
    [InlineData(PillowFilter.Bicubic, 300, 170, "279ec5511d0f8f64022b8ac15e6a42163a70cf7c45b13627a7c7d79a6bd79747")]
    [InlineData(PillowFilter.Bicubic, 512, 97, "729271442cac1feaf29b3389b86d46e70001dd87f25fd83e7d489c7a39c92f20")]
    [InlineData(PillowFilter.Bicubic, 173, 256, "dd81e8f22d5624c51530e6504266911ec16b275de731036292eb2103114f6388")]
    [InlineData(PillowFilter.Bilinear, 700, 300, "28e96e391131a14d1cafaf18eb3a27482f096d833b977f76e5c56f28506a2154")]
    [InlineData(PillowFilter.Bilinear, 300, 170, "f2d75705669257c500e602d71f93c0077febff856293917a232d28ccd72ba18a")]
    [InlineData(PillowFilter.Bilinear, 512, 97, "6707ae9c299d08f22872d417a8cc7d8ff3192484731ea8385c4d5a3d9e0d4a31")]
    [InlineData(PillowFilter.Bilinear, 173, 256, "807fbba69ac00224ae5edf5da666fb9217bb2a0d2f9a9f2b3db03cdf20c4874c")]
    public void Golden_image_resize_matches_pillow_digest(PillowFilter filter, int width, int height, string sha256)
    {
        var image = RgbImageIO.Read(GoldenData.PathOf("psa", "data", "leftImg8bit", "train", "synth_000_leftImg8bit.png"));

        var resized = PillowResample.Resize(image, width, height, filter);

        (resized.Width, resized.Height).Should().Be((width, height));
        Convert.ToHexStringLower(SHA256.HashData(resized.Data)).Should().Be(sha256);
    }
}
