using Psa.Sam.Tests.Golden;
using SeCo.Plugins.Psa.Modeling;
using TorchSharp;
using static TorchSharp.torch;

namespace Psa.Sam.Tests.Modeling;

public sealed class PostprocessMasksTests
{
    [Theory]
    [InlineData(128, 256, 256, 512)]
    [InlineData(256, 171, 300, 200)]
    [InlineData(255, 256, 511, 512)]
    [InlineData(256, 256, 100, 100)]
    [InlineData(3, 256, 2, 200)]
    [InlineData(128, 256, 128, 256)] // the resize to the original size is an identity (skipped)
    [InlineData(256, 256, 256, 256)]
    [InlineData(171, 256, 171, 256)]
    public void Upsampling_only_the_kept_rows_equals_the_full_image_size_upsampling(int inputHeight, int inputWidth, int height, int width)
    {
        using var model = new SamModel(TinySam.Variant);
        using var scope = NewDisposeScope();
        var size = TinySam.Variant.ImageSize;
        var lowRes = randn([2, 3, size / 4, size / 4], generator: new Generator(11));

        var masks = model.PostprocessMasks(lowRes, (inputHeight, inputWidth), (height, width));

        var upsampled = nn.functional.interpolate(lowRes, [size, size], mode: InterpolationMode.Bilinear, align_corners: false);
        var cropped = upsampled[.., .., ..inputHeight, ..inputWidth];
        var expected = nn.functional.interpolate(cropped, [height, width], mode: InterpolationMode.Bilinear, align_corners: false);
        masks.shape.Should().Equal(2, 3, height, width);
        masks.sub(expected).abs().max().item<float>().Should().Be(0f, "the cropped upsampling must give every kept pixel the same sources and weights");
    }
}
