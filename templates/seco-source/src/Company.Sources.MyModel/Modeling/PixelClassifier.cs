using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Company.Sources.MyModel.Modeling;

/// <summary>
/// A small fully convolutional segmenter: a 3x3 convolution with ReLU, then a 1x1 classifier giving one
/// logit per class and pixel. Replace it with your network; keep the field names equal to the keys of
/// your PyTorch <c>state_dict()</c>, because they are the checkpoint's file format.
/// </summary>
public sealed class PixelClassifier : nn.Module<Tensor, Tensor>
{
    // Field names = checkpoint keys: conv1.weight, conv1.bias, classifier.weight, classifier.bias.
    private readonly Conv2d conv1;
    private readonly Conv2d classifier;

    /// <summary>Creates the network with zero-initialised weights (load a checkpoint into it).</summary>
    /// <param name="classes">Number of classes (logits per pixel).</param>
    /// <param name="hidden">Channels of the hidden layer.</param>
    public PixelClassifier(int classes, int hidden)
        : base(nameof(PixelClassifier))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        Classes = classes;
        conv1 = nn.Conv2d(3, hidden, kernel_size: 3, padding: 1, bias: true);
        classifier = nn.Conv2d(hidden, classes, kernel_size: 1, bias: true);
        RegisterComponents();
    }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>Logits of a normalised image batch.</summary>
    /// <param name="input">Images, <c>[B, 3, H, W]</c>, normalised.</param>
    /// <returns>Logits, <c>[B, classes, H, W]</c>.</returns>
    public override Tensor forward(Tensor input)
    {
        using var features = nn.functional.relu(conv1.forward(input)); // [B, hidden, H, W]
        return classifier.forward(features);                          // [B, classes, H, W]
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            classifier.Dispose();
        }

        base.Dispose(disposing);
    }
}
