using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Plugins.Adapt.UniMatch.Evaluation;

/// <summary>
/// UniMatch's <c>supervised.evaluate</c> prediction step for one image batch: <see cref="EvaluationMode.Original"/>,
/// <see cref="EvaluationMode.SlidingWindow"/> or <see cref="EvaluationMode.CenterCrop"/>. Runs under
/// <c>no_grad</c>; the caller puts the model in eval mode.
/// </summary>
public sealed class SegmentationEvaluator
{
    /// <summary>The reference's hard-coded channel count of the sliding-window accumulator.</summary>
    public const int ReferenceAccumulatorChannels = 19;

    private readonly Func<Tensor, Tensor> _model;

    /// <summary>Creates the evaluator.</summary>
    /// <param name="model">The forward pass: normalised images <c>[B, 3, h, w]</c> to logits <c>[B, C, h, w]</c>.</param>
    /// <param name="mode">The prediction mode.</param>
    /// <param name="cropSize">The window / crop size (the training crop size in the reference).</param>
    /// <param name="accumulatorChannels">
    /// Channels of the sliding-window accumulator; the reference hard-codes 19, so a model with more classes fails
    /// there and one with fewer adds into the first channels.
    /// </param>
    public SegmentationEvaluator(Func<Tensor, Tensor> model, EvaluationMode mode, int cropSize, int accumulatorChannels = ReferenceAccumulatorChannels)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(cropSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(accumulatorChannels, 1);
        _model = model;
        Mode = mode;
        CropSize = cropSize;
        AccumulatorChannels = accumulatorChannels;
    }

    /// <summary>The prediction mode.</summary>
    public EvaluationMode Mode { get; }

    /// <summary>Window / crop size.</summary>
    public int CropSize { get; }

    /// <summary>Channels of the sliding-window accumulator.</summary>
    public int AccumulatorChannels { get; }

    /// <summary>
    /// The sliding windows of an <paramref name="height"/> x <paramref name="width"/> image as
    /// <c>(row0, row1, col0, col1)</c>: starts <c>0, s, 2s, …</c> below the size with <c>s = trunc(2·crop/3)</c>,
    /// ends clipped to the image (edge windows are smaller, not shifted).
    /// </summary>
    public static IReadOnlyList<(int Row0, int Row1, int Col0, int Col1)> Windows(int height, int width, int cropSize)
    {
        var stride = Math.Max(1, (int)(cropSize * 2.0 / 3.0));
        var windows = new List<(int, int, int, int)>();
        for (var row = 0; row < height; row += stride)
        {
            for (var col = 0; col < width; col += stride)
            {
                windows.Add((row, Math.Min(height, row + cropSize), col, Math.Min(width, col + cropSize)));
            }
        }

        return windows;
    }

    /// <summary>The centred crop's top-left corner (<c>(h − crop) // 2</c>, floor division as Python).</summary>
    public static (int Top, int Left) CenterCropOrigin(int height, int width, int cropSize) =>
        (FloorDiv(height - cropSize, 2), FloorDiv(width - cropSize, 2));

    /// <summary>
    /// Predicts classes for normalised images <c>[B, 3, H, W]</c>. Returns <c>[B, H, W]</c> int64
    /// (<c>[B, crop, crop]</c>-or-smaller for <see cref="EvaluationMode.CenterCrop"/>, matching <see cref="CropGroundTruth"/>).
    /// </summary>
    public Tensor Predict(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var result = Mode switch
        {
            EvaluationMode.SlidingWindow => SlidingWindow(images),
            EvaluationMode.CenterCrop => _model(CropImages(images)).argmax(1),
            _ => _model(images).argmax(1),
        };
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>The sliding-window softmax sum <c>[B, AccumulatorChannels, H, W]</c> before the argmax.</summary>
    public Tensor SlidingWindowSoftmaxSum(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var noGrad = no_grad();
        var (b, h, w) = (images.shape[0], (int)images.shape[2], (int)images.shape[3]);
        var final = zeros([b, AccumulatorChannels, h, w], ScalarType.Float32, images.device);
        // Held for the whole loop: an implicit temporary Scalar can be finalized during the native call under GC pressure.
        using var one = 1.ToScalar();
        foreach (var (row0, row1, col0, col1) in Windows(h, w, CropSize))
        {
            using var scope = NewDisposeScope();
            var window = images[.., .., row0..row1, col0..col1];
            var probabilities = _model(window).softmax(1); // [B, C, rows, cols]
            var channels = probabilities.shape[1];
            if (channels > AccumulatorChannels)
            {
                throw new InvalidOperationException(
                    $"The model predicts {channels} classes but the sliding-window accumulator has {AccumulatorChannels} channels.");
            }

            final[.., ..(int)channels, row0..row1, col0..col1].add_(probabilities, one);
        }

        return final;
    }

    /// <summary>The part of a ground-truth batch <c>[B, H, W]</c> the prediction covers (the centre crop, or all).</summary>
    public Tensor CropGroundTruth(Tensor groundTruth)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        if (Mode != EvaluationMode.CenterCrop)
        {
            return groundTruth.alias();
        }

        var (top, left) = CenterCropOrigin((int)groundTruth.shape[1], (int)groundTruth.shape[2], CropSize);
        return groundTruth[.., PySlice(top, groundTruth.shape[1]), PySlice(left, groundTruth.shape[2])];
    }

    private Tensor SlidingWindow(Tensor images)
    {
        using var sum = SlidingWindowSoftmaxSum(images);
        return sum.argmax(1);
    }

    private Tensor CropImages(Tensor images)
    {
        var (top, left) = CenterCropOrigin((int)images.shape[2], (int)images.shape[3], CropSize);
        return images[.., .., PySlice(top, images.shape[2]), PySlice(left, images.shape[3])];
    }

    /// <summary>Python's <c>[start:start+crop]</c> with a possibly negative start (counted from the end).</summary>
    private TensorIndex PySlice(int start, long length)
    {
        long Normalize(long v) => v < 0 ? Math.Max(0, length + v) : Math.Min(v, length);
        var from = Normalize(start);
        var to = Normalize(start + CropSize);
        return TensorIndex.Slice(from, Math.Max(from, to));
    }

    private static int FloorDiv(int a, int b) => (int)Math.Floor((double)a / b);
}
