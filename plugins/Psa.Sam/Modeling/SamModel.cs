using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.Modeling;

/// <summary>
/// Segment Anything (<c>image_encoder</c>, <c>prompt_encoder</c>, <c>mask_decoder</c>) with the reference
/// pre-processing (normalise, pad) and mask post-processing. Parameter names equal the official checkpoint keys.
/// </summary>
public sealed class SamModel : nn.Module
{
    private readonly ImageEncoderViT image_encoder;
    private readonly PromptEncoder prompt_encoder;
    private readonly MaskDecoder mask_decoder;

    /// <summary>
    /// Creates the model of <paramref name="variant"/> on <paramref name="device"/> (default initialisation), its image
    /// encoder in <paramref name="encoderPrecision"/> (weights loaded later are converted to it).
    /// </summary>
    /// <exception cref="NotSupportedException"><paramref name="encoderPrecision"/> is not supported on <paramref name="device"/>.</exception>
    public SamModel(SamVariant variant, Device? device = null, EncoderPrecision encoderPrecision = EncoderPrecision.Float32) : base(nameof(SamModel))
    {
        Variant = variant ?? throw new ArgumentNullException(nameof(variant));
        if (!Supports(encoderPrecision, device ?? CPU))
        {
            throw new NotSupportedException(UnsupportedPrecisionMessage);
        }

        EncoderPrecision = encoderPrecision;
        image_encoder = new ImageEncoderViT(variant, device);
        prompt_encoder = new PromptEncoder(variant, device);
        mask_decoder = new MaskDecoder(variant, device);
        RegisterComponents();
        if (encoderPrecision != EncoderPrecision.Float32)
        {
            image_encoder.to(ScalarTypeOf(encoderPrecision));
        }

        eval();
    }

    /// <summary>Why <see cref="EncoderPrecision.Float16"/> is refused on the CPU.</summary>
    internal const string UnsupportedPrecisionMessage = "float16 needs a CUDA device; use bfloat16 on CPU.";

    /// <summary>Logits above this value are mask pixels.</summary>
    public const double MaskThreshold = 0.0;

    /// <summary>Largest number of floats of the full-size upsampled logits held at once while post-processing.</summary>
    private const long PostprocessChunkElements = 48L * 1024 * 1024;

    /// <summary>The architecture.</summary>
    public SamVariant Variant { get; }

    /// <summary>The ViT image encoder.</summary>
    public ImageEncoderViT ImageEncoder => image_encoder;

    /// <summary>The prompt encoder.</summary>
    public PromptEncoder PromptEncoder => prompt_encoder;

    /// <summary>The mask decoder.</summary>
    public MaskDecoder MaskDecoder => mask_decoder;

    /// <summary>The type the image encoder's weights and activations are in; the embedding it returns is float32.</summary>
    public EncoderPrecision EncoderPrecision { get; }

    /// <summary>The device of the model's parameters.</summary>
    public Device Device => image_encoder.parameters().First().device;

    /// <summary>
    /// Normalises a <c>[B, 3, h, w]</c> float image (0–255 RGB) with the pixel mean/std and zero-pads it on the
    /// bottom/right to the encoder's square input size.
    /// </summary>
    public Tensor Preprocess(Tensor image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var scope = NewDisposeScope();
        var mean = tensor(Variant.PixelMean.Select(v => (float)v).ToArray(), device: image.device).view(-1, 1, 1);
        var std = tensor(Variant.PixelStd.Select(v => (float)v).ToArray(), device: image.device).view(-1, 1, 1);
        var normalized = (image.to(float32) - mean) / std;
        var padH = Variant.ImageSize - image.shape[2];
        var padW = Variant.ImageSize - image.shape[3];
        return nn.functional.pad(normalized, [0, padW, 0, padH]).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Encodes a preprocessed batch <c>[B, 3, S, S]</c> (<see cref="Preprocess"/>) in <see cref="EncoderPrecision"/>
    /// and returns the image embedding <c>[B, C, S/16, S/16]</c> as float32, so the prompt encoder and mask decoder
    /// run in float32. Goes through the encoder's <c>call</c>, so forward hooks see the pass.
    /// </summary>
    public Tensor EncodeImage(Tensor preprocessed)
    {
        ArgumentNullException.ThrowIfNull(preprocessed);
        if (EncoderPrecision == EncoderPrecision.Float32)
        {
            return image_encoder.call(preprocessed);
        }

        using var input = preprocessed.to(ScalarTypeOf(EncoderPrecision));
        using var embedding = image_encoder.call(input);
        return embedding.to(float32);
    }

    /// <summary>
    /// Whether the image encoder may run in <paramref name="precision"/> on <paramref name="device"/>: float16 is
    /// refused on the CPU (libtorch's CPU float16 kernels run, but several times slower than float32); float32 and
    /// bfloat16 run everywhere.
    /// </summary>
    public static bool Supports(EncoderPrecision precision, Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return precision != EncoderPrecision.Float16 || device.type != DeviceType.CPU;
    }

    /// <summary>The tensor element type of <paramref name="precision"/>.</summary>
    public static ScalarType ScalarTypeOf(EncoderPrecision precision) => precision switch
    {
        EncoderPrecision.Float32 => ScalarType.Float32,
        EncoderPrecision.Bfloat16 => ScalarType.BFloat16,
        EncoderPrecision.Float16 => ScalarType.Float16,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown encoder precision."),
    };

    /// <summary>
    /// Upsamples low-resolution logits <c>[B, C, 4h, 4w]</c> to the encoder input size (bilinear), crops the
    /// padding to <paramref name="inputSize"/> and resizes to <paramref name="originalSize"/> (bilinear, no antialias).
    /// </summary>
    public Tensor PostprocessMasks(Tensor masks, (int Height, int Width) inputSize, (int Height, int Width) originalSize)
    {
        ArgumentNullException.ThrowIfNull(masks);
        using var scope = NewDisposeScope();

        // Chunks over the prompt batch bound the full-size intermediate ([chunk, C, S, S] floats); interpolation is per sample.
        // The padding is cropped away right after the first upsampling, so only the low-res rows / columns that the
        // kept pixels read are upsampled: with an integer factor f the scale of k rows → k·f rows is the same 1/f, so
        // every kept pixel gets the same source indices and weights as in the full S × S upsampling.
        var (rows, upRows) = UpsampledExtent(masks.shape[2], inputSize.Height);
        var (columns, upColumns) = UpsampledExtent(masks.shape[3], inputSize.Width);
        var batch = masks.shape[0];
        var chunk = Math.Max(1, PostprocessChunkElements / (masks.shape[1] * upRows * upColumns));
        var parts = new List<Tensor>();
        for (long start = 0; start < batch; start += chunk)
        {
            using var slice = masks.narrow(0, start, Math.Min(chunk, batch - start))[.., .., ..(int)rows, ..(int)columns];
            using var upsampled = nn.functional.interpolate(slice, [upRows, upColumns], mode: InterpolationMode.Bilinear, align_corners: false);
            using var cropped = upsampled[.., .., ..inputSize.Height, ..inputSize.Width];

            // A bilinear resize to the size the logits already have reads each pixel with weights 1 and 0 (source
            // index = output index): the values come back unchanged, so the copy is all that is left of it.
            parts.Add(originalSize == inputSize
                ? cropped.contiguous()
                : nn.functional.interpolate(cropped, [originalSize.Height, originalSize.Width], mode: InterpolationMode.Bilinear, align_corners: false));
        }

        var resized = parts.Count == 1 ? parts[0] : cat(parts, 0);
        return resized.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The low-res extent (along one axis of <paramref name="lowRes"/> values) that the first <see cref="Variant"/>
    /// image-size upsampling reads for its first <paramref name="kept"/> outputs, and the upsampled extent to ask
    /// for; the whole axis when the image size is not an integer multiple of the low-res size.
    /// </summary>
    private (long LowRes, long Upsampled) UpsampledExtent(long lowRes, int kept)
    {
        var size = Variant.ImageSize;
        if (lowRes <= 0 || size % lowRes != 0)
        {
            return (lowRes, size);
        }

        // Output i reads source floor((i + 0.5) / f − 0.5) and the next one: at most ceil(kept / f) + 1 sources.
        var factor = size / lowRes;
        var needed = Math.Min(lowRes, (kept + factor - 1) / factor + 1);
        return (needed, needed * factor);
    }
}
