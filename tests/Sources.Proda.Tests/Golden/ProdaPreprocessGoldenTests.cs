using SeCo.Plugins.Sources.Proda.Preprocessing;
using SeCo.Testing;
using SeCo.Vision.Checkpoints;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;
using TorchSharp;
using static TorchSharp.torch;

namespace Sources.Proda.Tests.Golden;

public sealed class ProdaPreprocessGoldenTests
{
    /// <summary>README: "CBST and preprocessing: bit-identical".</summary>
    private const double BitIdenticalTolerance = 0;

    [Theory]
    [InlineData("down", "down_input_96x192", 128, 64)]
    [InlineData("up", "up_input_48x96", 128, 64)]
    public void Resized_image_tensor_matches_proda_loader(string tag, string stem, int width, int height)
    {
        using var scope = NewDisposeScope();
        using var golden = new GoldenTensors(GoldenData.PathOf("sources", "proda_preprocess", "proda_preprocess.safetensors"));
        var image = RgbImageIO.Read(GoldenData.PathOf("sources", "proda_preprocess", stem + "_leftImg8bit.png"));
        var actual = ProdaImagePreprocessor.ToTensor(image, width, height);
        var expected = golden[tag + "_img"];
        actual.shape.Should().Equal(expected.shape);
        (actual - expected).abs().max().ToDouble().Should().BeLessThanOrEqualTo(BitIdenticalTolerance);
    }

    [Fact]
    public void Identity_size_image_tensor_is_the_detfill_input()
    {
        using var scope = NewDisposeScope();
        using var golden = new GoldenTensors(GoldenData.PathOf("sources", "proda_deeplabv2_detfill.safetensors"));
        var image = RgbImageIO.Read(GoldenData.PathOf("sources", "proda_preprocess", "ident_input_256x512_leftImg8bit.png"));
        var actual = ProdaImagePreprocessor.ToTensor(image, 512, 256).unsqueeze(0);
        (actual - golden["input"]).abs().max().ToDouble().Should().BeLessThanOrEqualTo(BitIdenticalTolerance);
    }

    [Theory]
    [InlineData("ident", "ident_input_256x512", 512, 256)]
    [InlineData("down", "down_input_96x192", 128, 64)]
    [InlineData("up", "up_input_48x96", 128, 64)]
    public void Label_nearest_resize_and_train_ids_match_proda_loader(string tag, string stem, int width, int height)
    {
        using var scope = NewDisposeScope();
        using var golden = new GoldenTensors(GoldenData.PathOf("sources", "proda_preprocess", "proda_preprocess.safetensors"));
        var labelIds = LabelMapIO.Read(GoldenData.PathOf("sources", "proda_preprocess", stem + "_gtFine_labelIds.png"));
        var actual = ProdaLabelPreprocessor.Encode(labelIds, width, height);
        actual.Data.Should().Equal(golden[tag + "_label_u8"].data<byte>().ToArray());
    }

    [Fact]
    public void Pixel_values_are_divided_by_255_without_mean_or_std()
    {
        using var scope = NewDisposeScope();
        var image = new RgbImage(1, 1);
        image[0, 0] = (255, 128, 0);
        var values = ProdaImagePreprocessor.ToTensor(image, 1, 1).data<float>().ToArray();
        values.Should().Equal(1.0f, (float)(128 / 255.0), 0f);
        values[1].Should().BeApproximately(0.50196f, 1e-5f);
    }

    private sealed class GoldenTensors : IDisposable
    {
        private readonly Dictionary<string, Tensor> _tensors;

        public GoldenTensors(string path) => _tensors = SafeTensors.Load(path);

        public Tensor this[string key] => _tensors[key];

        public void Dispose()
        {
            foreach (var tensor in _tensors.Values)
            {
                tensor.Dispose();
            }
        }
    }
}
