using SeCo.Vision.Imaging;
using static TorchSharp.torch;

namespace SeCo.Plugins.Adapt.UniMatch.Data;

/// <summary>An RGB image as the segmenter's input: ImageNet-normalised <c>[1, 3, H, W]</c> on a device.</summary>
public static class ModelInput
{
    /// <summary>Reads and normalises the image at <paramref name="path"/>.</summary>
    public static Tensor FromFile(string path, Device device)
    {
        var image = RgbImageIO.Read(path);
        var pixels = new float[3 * image.Width * image.Height];
        TrainTransforms.Normalize(image, pixels);
        return tensor(pixels, [1, 3, image.Height, image.Width]).to(device);
    }
}
