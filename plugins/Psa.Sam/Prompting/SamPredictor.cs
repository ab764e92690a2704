using SeCo.Plugins.Psa.Modeling;
using SeCo.Vision.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.Prompting;

/// <summary>
/// The reference <c>SamPredictor</c>: encodes an image once (the embedding is cached) and then predicts masks
/// for any number of prompts, one at a time or batched into one decoder call. The image is encoded in the model's
/// <see cref="SamModel.EncoderPrecision"/>; the cached embedding and everything after it are float32.
/// </summary>
public sealed class SamPredictor : IDisposable
{
    private readonly SamModel _model;
    private Tensor? _features;
    private Tensor? _densePe;

    /// <summary>Creates a predictor over <paramref name="model"/> (not owned).</summary>
    public SamPredictor(SamModel model)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        Transform = new ResizeLongestSide(model.Variant.ImageSize);
    }

    /// <summary>The model.</summary>
    public SamModel Model => _model;

    /// <summary>The longest-side resize of the model's input size.</summary>
    public ResizeLongestSide Transform { get; }

    /// <summary>Whether an image is set.</summary>
    public bool IsImageSet => _features is not null;

    /// <summary>The cached image embedding <c>[1, C, h, w]</c>.</summary>
    public Tensor Features => _features ?? throw new InvalidOperationException("An image must be set with SetImage before the embedding can be used.");

    /// <summary>The original image size <c>(H, W)</c>.</summary>
    public (int Height, int Width) OriginalSize { get; private set; }

    /// <summary>The resized size before padding.</summary>
    public (int Height, int Width) InputSize { get; private set; }

    /// <summary>Encodes an RGB image and caches its embedding.</summary>
    public void SetImage(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        SetImage(image.Data, image.Height, image.Width);
    }

    /// <summary>
    /// Encodes an interleaved <c>H × W × 3</c> uint8 image (RGB, or BGR when <paramref name="bgr"/>) and caches its
    /// embedding; any earlier image is reset first.
    /// </summary>
    public void SetImage(ReadOnlySpan<byte> pixels, int height, int width, bool bgr = false)
    {
        ResetImage();
        var rgb = pixels;
        if (bgr)
        {
            var swapped = pixels.ToArray();
            for (var i = 0; i < swapped.Length; i += 3)
            {
                (swapped[i], swapped[i + 2]) = (swapped[i + 2], swapped[i]);
            }

            rgb = swapped;
        }

        var (resized, newHeight, newWidth) = Transform.ApplyImage(rgb, height, width);
        using var scope = NewDisposeScope();
        var image = tensor(resized, [newHeight, newWidth, 3], device: _model.Device).permute(2, 0, 1).unsqueeze(0); // [1, 3, h, w]
        SetTorchImage(image, (height, width));
    }

    /// <summary>
    /// Encodes an already resized image <c>[1, 3, h, w]</c> (0–255, longest side = the model's input size) and caches
    /// its embedding.
    /// </summary>
    public void SetTorchImage(Tensor transformedImage, (int Height, int Width) originalSize)
    {
        ArgumentNullException.ThrowIfNull(transformedImage);
        ResetImage();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        OriginalSize = originalSize;
        InputSize = ((int)transformedImage.shape[2], (int)transformedImage.shape[3]);
        var input = _model.Preprocess(transformedImage);
        _features = _model.EncodeImage(input).DetachFromDisposeScope(); // float32 whatever the encoder's precision
        _densePe = _model.PromptEncoder.GetDensePositionalEncoding().DetachFromDisposeScope();
    }

    /// <summary>Forgets the current image and frees its embedding.</summary>
    public void ResetImage()
    {
        _features?.Dispose();
        _features = null;
        _densePe?.Dispose();
        _densePe = null;
        OriginalSize = default;
        InputSize = default;
    }

    /// <summary>
    /// Predicts masks for one prompt set in original-image coordinates. Returns <c>C</c> masks (3 with
    /// <paramref name="multimaskOutput"/>, else 1) at the original size, their IoU estimates and low-res logits.
    /// </summary>
    public SamPrediction Predict(SamPrompt prompt, bool multimaskOutput = true, bool returnLogits = false)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        using var scope = NewDisposeScope();
        var batched = PredictBatch([prompt], multimaskOutput, returnLogits);
        return new SamPrediction(batched.Masks[0], batched.IouPredictions[0], batched.LowResLogits[0]).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Predicts masks for many prompt sets against the cached embedding in one decoder call. Every prompt set must
    /// have the same number of points and either all or none a box / a mask input. Results keep the batch axis.
    /// </summary>
    public SamPrediction PredictBatch(IReadOnlyList<SamPrompt> prompts, bool multimaskOutput = true, bool returnLogits = false)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        if (prompts.Count == 0)
        {
            throw new ArgumentException("At least one prompt set is required.", nameof(prompts));
        }

        var device = Features.device;
        var pointCount = prompts[0].Points.Count;
        var hasBox = prompts[0].Box.HasValue;
        var hasMask = prompts[0].MaskInput is not null;
        foreach (var prompt in prompts)
        {
            if (prompt.Points.Count != pointCount || prompt.Box.HasValue != hasBox || (prompt.MaskInput is not null) != hasMask)
            {
                throw new ArgumentException("Batched prompt sets must share the number of points and the presence of a box and a mask input.", nameof(prompts));
            }
        }

        using var scope = NewDisposeScope();
        Tensor? coords = null, labels = null, boxes = null, masks = null;
        if (pointCount > 0)
        {
            var xy = new double[prompts.Count * pointCount * 2];
            var labelValues = new long[prompts.Count * pointCount];
            for (var b = 0; b < prompts.Count; b++)
            {
                for (var n = 0; n < pointCount; n++)
                {
                    var point = prompts[b].Points[n];
                    xy[(b * pointCount + n) * 2] = point.X;
                    xy[(b * pointCount + n) * 2 + 1] = point.Y;
                    labelValues[b * pointCount + n] = point.Label;
                }
            }

            coords = Transform.ApplyCoords(tensor(xy, [prompts.Count, pointCount, 2], device: device), OriginalSize).to(float32);
            labels = tensor(labelValues, [prompts.Count, pointCount], device: device);
        }

        if (hasBox)
        {
            var xyxy = new double[prompts.Count * 4];
            for (var b = 0; b < prompts.Count; b++)
            {
                var box = prompts[b].Box!.Value;
                (xyxy[b * 4], xyxy[b * 4 + 1], xyxy[b * 4 + 2], xyxy[b * 4 + 3]) = (box.X0, box.Y0, box.X1, box.Y1);
            }

            boxes = Transform.ApplyBoxes(tensor(xyxy, [prompts.Count, 4], device: device), OriginalSize).to(float32);
        }

        if (hasMask)
        {
            // Stacked where the mask inputs live, then moved to the model's device in one transfer.
            var maskInputs = prompts.Select(p => p.MaskInput!.reshape(1, p.MaskInput!.shape[^2], p.MaskInput!.shape[^1])).ToArray();
            var (maskDeviceType, maskDeviceIndex) = (maskInputs[0].device_type, maskInputs[0].device_index);
            if (maskInputs.Any(m => m.device_type != maskDeviceType || m.device_index != maskDeviceIndex))
            {
                maskInputs = maskInputs.Select(m => m.to(device)).ToArray();
            }

            masks = stack(maskInputs, 0).to(float32).to(device);
        }

        return PredictTorch(coords, labels, boxes, masks, multimaskOutput, returnLogits).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The batched form in the model's input frame: points <c>[B, N, 2]</c> with labels <c>[B, N]</c>, boxes
    /// <c>[B, 4]</c>, mask inputs <c>[B, 1, 4h, 4w]</c> (any may be null). Returns masks <c>[B, C, H, W]</c>,
    /// IoU predictions <c>[B, C]</c> and low-res logits <c>[B, C, 4h, 4w]</c>.
    /// </summary>
    public SamPrediction PredictTorch(Tensor? pointCoords, Tensor? pointLabels, Tensor? boxes, Tensor? maskInput, bool multimaskOutput = true, bool returnLogits = false)
    {
        if (pointCoords is not null && pointLabels is null)
        {
            throw new ArgumentException("point_labels must be supplied if point_coords is supplied.", nameof(pointLabels));
        }

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (lowRes, iou) = DecodeTorch(pointCoords, pointLabels, boxes, maskInput, multimaskOutput);
        var masks = _model.PostprocessMasks(lowRes, InputSize, OriginalSize);
        if (!returnLogits)
        {
            var binary = masks.gt(SamModel.MaskThreshold);
            masks.Dispose();
            masks = binary;
        }

        return new SamPrediction(masks, iou, lowRes).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The prompt encoder and mask decoder of <see cref="PredictTorch"/> without the upsampling: low-res logits
    /// <c>[B, C, 4h, 4w]</c> and IoU predictions <c>[B, C]</c>. Callers that keep only some masks (the automatic
    /// mask generator filters by predicted IoU first) upsample just those with <see cref="SamModel.PostprocessMasks"/>;
    /// upsampling is per mask, so the survivors come out exactly as <see cref="PredictTorch"/> would give them.
    /// </summary>
    public (Tensor LowResLogits, Tensor IouPredictions) DecodeTorch(Tensor? pointCoords, Tensor? pointLabels, Tensor? boxes, Tensor? maskInput, bool multimaskOutput = true)
    {
        if (pointCoords is not null && pointLabels is null)
        {
            throw new ArgumentException("point_labels must be supplied if point_coords is supplied.", nameof(pointLabels));
        }

        var features = Features;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (sparse, dense) = _model.PromptEncoder.Forward(pointCoords, pointLabels, boxes, maskInput);
        var (lowRes, iou) = _model.MaskDecoder.Forward(features, _densePe!, sparse, dense, multimaskOutput);
        return (lowRes.MoveToOuterDisposeScope(), iou.MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    public void Dispose() => ResetImage();
}
