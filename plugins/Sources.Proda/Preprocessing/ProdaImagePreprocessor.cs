using SeCo.Vision.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Plugins.Sources.Proda.Preprocessing;

/// <summary>
/// ProDA's target-image preprocessing (<c>data/cityscapes_dataset.py</c>, no augmentation): PIL bilinear
/// resize to the model's input size, RGB (no BGR swap), mean 0, divided by 255, no std normalisation,
/// CHW float32 — inputs in [0, 1].
/// </summary>
public static class ProdaImagePreprocessor
{
    /// <summary>Resizes <paramref name="image"/> (PIL bilinear) and converts it to a <c>[3, height, width]</c> float32 tensor in [0, 1].</summary>
    /// <param name="image">The RGB image.</param>
    /// <param name="width">Model input width (ProDA: 2048).</param>
    /// <param name="height">Model input height (ProDA: 1024).</param>
    /// <returns>A CPU tensor the caller owns.</returns>
    public static Tensor ToTensor(RgbImage image, int width, int height)
    {
        var resized = PillowResample.Resize(image, width, height, PillowFilter.Bilinear);
        var plane = width * height;
        var values = new float[3 * plane];
        var data = resized.Data;
        for (var i = 0; i < plane; i++)
        {
            // The reference divides in float64, then casts to float32.
            values[i] = (float)(data[i * 3] / 255.0);
            values[plane + i] = (float)(data[i * 3 + 1] / 255.0);
            values[2 * plane + i] = (float)(data[i * 3 + 2] / 255.0);
        }

        return tensor(values, [3L, height, width], ScalarType.Float32);
    }
}
