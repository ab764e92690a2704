using Company.Sources.MyModel.Modeling;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;
using TorchSharp;
using static TorchSharp.torch;

namespace Company.Sources.MyModel;

/// <summary>
/// Turns one image into a pixel pseudo-label: normalise, predict, softmax, arg-max class per pixel, and
/// ignore (255) where the highest probability is below the threshold.
/// </summary>
internal sealed class PixelLabeler
{
    private readonly PixelClassifier _model;
    private readonly Device _device;
    private readonly float[] _mean;
    private readonly float[] _std;
    private readonly double _threshold;

    public PixelLabeler(PixelClassifier model, Device device, ModelSourceOptions options)
    {
        _model = model;
        _device = device;
        _mean = options.Mean.Select(v => (float)v).ToArray();
        _std = options.Std.Select(v => (float)v).ToArray();
        _threshold = options.Threshold;
    }

    /// <summary>Predicts the label map of <paramref name="image"/>.</summary>
    public LabelMap Label(RgbImage image)
    {
        // Everything created in this call is freed when it returns; nothing waits for the GC.
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var pixels = tensor(image.Data, [image.Height, image.Width, 3L], ScalarType.Byte)   // [H, W, 3] uint8
            .to(_device);
        var input = pixels.permute(2, 0, 1).unsqueeze(0).to_type(ScalarType.Float32).div_(255.0); // [1, 3, H, W]
        var mean = tensor(_mean, [1L, 3, 1, 1], device: _device);
        var std = tensor(_std, [1L, 3, 1, 1], device: _device);
        var logits = _model.forward(input.sub_(mean).div_(std));                               // [1, C, H, W]
        var (confidence, classes) = logits.softmax(1).max(1);                                  // [1, H, W] each
        var labels = classes.to_type(ScalarType.Byte)
            .masked_fill_(confidence.lt(_threshold), LabelMap.Ignore);
        // One device-to-host copy per image, never per pixel.
        return new LabelMap(image.Width, image.Height, labels.cpu().data<byte>().ToArray());
    }
}
