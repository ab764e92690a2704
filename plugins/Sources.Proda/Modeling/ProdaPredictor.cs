using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Plugins.Sources.Proda.Modeling;

/// <summary>
/// ProDA's pseudo-label inference (<c>generate_pseudo_label.py</c>): softmax of the logits, upsampled
/// bilinearly (<c>align_corners=True</c>) to the label size, optionally averaged with the prediction
/// for the horizontally flipped image (flipped back). Both views run in one batched forward.
/// </summary>
public sealed class ProdaPredictor
{
    private readonly ProdaDeepLabV2 _model;

    /// <summary>Wraps a model; it is switched to evaluation mode.</summary>
    public ProdaPredictor(ProdaDeepLabV2 model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _model.eval();
    }

    /// <summary>The wrapped model.</summary>
    public ProdaDeepLabV2 Model => _model;

    /// <summary>Class probabilities at <paramref name="height"/> x <paramref name="width"/>.</summary>
    /// <param name="input">Preprocessed images <c>[B, 3, H, W]</c> on the model's device.</param>
    /// <param name="flip">Average with the flipped image's prediction (ProDA's <c>--flip</c>).</param>
    /// <param name="height">Output height (the label size).</param>
    /// <param name="width">Output width.</param>
    /// <returns><c>[B, C, height, width]</c> float32 probabilities, owned by the caller's dispose scope.</returns>
    public Tensor Probabilities(Tensor input, bool flip, long height, long width)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var batch = input.shape[0];
        var views = flip ? cat([input, input.flip(3)], 0) : input; // [B or 2B, 3, H, W]
        var (_, logits) = _model.forward(views);                    // [B or 2B, C, h, w]
        var probabilities = Upsample(logits.softmax(1), height, width);
        if (flip)
        {
            var direct = probabilities.narrow(0, 0, batch);
            var mirrored = probabilities.narrow(0, batch, batch).flip(3);
            probabilities = direct.add(mirrored).div_(2);
        }

        return probabilities.MoveToOuterDisposeScope();
    }

    /// <summary>Number of images the network has run on through <see cref="NativeProbabilities"/> (a flipped view is not counted twice).</summary>
    public long ForwardedImages { get; private set; }

    /// <summary>Class probabilities of each image of the batch at its own label size.</summary>
    /// <param name="input">Preprocessed images <c>[B, 3, H, W]</c> on the model's device.</param>
    /// <param name="flip">Average with the flipped image's prediction (ProDA's <c>--flip</c>).</param>
    /// <param name="sizes">The label size (height, width) of each image.</param>
    /// <returns>One <c>[C, height, width]</c> tensor per image, owned by the caller's dispose scope.</returns>
    public Tensor[] Probabilities(Tensor input, bool flip, IReadOnlyList<(long Height, long Width)> sizes)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(sizes);
        var batch = input.shape[0];
        if (sizes.Count != batch)
        {
            throw new ArgumentException($"Expected {batch} sizes, one per image.", nameof(sizes));
        }

        using var scope = NewDisposeScope();
        var native = NativeProbabilities(input, flip);
        var result = new Tensor[batch];
        for (var i = 0; i < batch; i++)
        {
            result[i] = Combine(native[i], sizes[i].Height, sizes[i].Width).MoveToOuterDisposeScope();
        }

        return result;
    }

    /// <summary>
    /// The network's softmax at its own (1/8) resolution for each image of the batch: <c>[V, C, h, w]</c> with
    /// V = 2 (the image, then its mirror as predicted, not flipped back) when <paramref name="flip"/>, else 1.
    /// <see cref="Combine"/> turns it into the label-size probabilities; keeping it lets a second pass label
    /// without running the network again.
    /// </summary>
    /// <param name="input">Preprocessed images <c>[B, 3, H, W]</c> on the model's device.</param>
    /// <param name="flip">Also predict the horizontally flipped images (in the same batched forward).</param>
    /// <returns>One tensor per image, owned by the caller's dispose scope.</returns>
    public Tensor[] NativeProbabilities(Tensor input, bool flip)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var batch = input.shape[0];
        var views = flip ? cat([input, input.flip(3)], 0) : input; // [B or 2B, 3, H, W]
        var (_, logits) = _model.forward(views);                    // [B or 2B, C, h, w]
        var native = logits.softmax(1);
        var result = new Tensor[batch];
        for (var i = 0; i < batch; i++)
        {
            var image = native.narrow(0, i, 1);
            result[i] = (flip ? cat([image, native.narrow(0, batch + i, 1)], 0) : image.contiguous()).MoveToOuterDisposeScope();
        }

        ForwardedImages += batch;
        return result;
    }

    /// <summary>
    /// Label-size probabilities <c>[C, height, width]</c> from one image's <see cref="NativeProbabilities"/>: the
    /// first view upsampled, averaged with the second one upsampled and flipped back when there are two.
    /// </summary>
    /// <param name="native"><c>[V, C, h, w]</c>, V = 1 or 2.</param>
    /// <param name="height">Output height (the label size).</param>
    /// <param name="width">Output width.</param>
    /// <returns>A tensor owned by the caller's dispose scope.</returns>
    public static Tensor Combine(Tensor native, long height, long width)
    {
        ArgumentNullException.ThrowIfNull(native);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var probabilities = Upsample(native.narrow(0, 0, 1), height, width);
        if (native.shape[0] == 2)
        {
            var mirrored = Upsample(native.narrow(0, 1, 1), height, width).flip(3);
            probabilities = probabilities.add_(mirrored).div_(2);
        }

        return probabilities.squeeze(0).MoveToOuterDisposeScope();
    }

    /// <summary>Bilinear upsampling with <c>align_corners=True</c>, as ProDA and DT-ST do.</summary>
    public static Tensor Upsample(Tensor map, long height, long width) =>
        nn.functional.interpolate(map, [height, width], mode: InterpolationMode.Bilinear, align_corners: true);
}
