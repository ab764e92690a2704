using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.Prompting;

/// <summary>
/// The reference <c>ResizeLongestSide</c>: resizes images so the longest side equals the encoder input size
/// (Pillow's antialiased bilinear filter, bit-exact on uint8) and maps point and box coordinates accordingly.
/// </summary>
public sealed class ResizeLongestSide
{
    private const int Precision = 22;

    /// <summary>Creates the transform for a target longest side (1024 for the official models).</summary>
    public ResizeLongestSide(int targetLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetLength);
        TargetLength = targetLength;
    }

    /// <summary>The longest side after resizing.</summary>
    public int TargetLength { get; }

    /// <summary>The resized size: <c>scale = target / max(H, W)</c>, each side <c>trunc(side·scale + 0.5)</c>.</summary>
    public static (int Height, int Width) GetPreprocessShape(int height, int width, int longSideLength)
    {
        var scale = longSideLength * 1.0 / Math.Max(height, width);
        return ((int)(height * scale + 0.5), (int)(width * scale + 0.5));
    }

    /// <summary>The resized size of an image of <paramref name="height"/> × <paramref name="width"/>.</summary>
    public (int Height, int Width) GetPreprocessShape(int height, int width) => GetPreprocessShape(height, width, TargetLength);

    /// <summary>
    /// Resizes an interleaved RGB uint8 image (<c>H × W × 3</c>, row-major) with Pillow's bilinear filter
    /// (antialiased, 22-bit fixed point, horizontal pass first). Returns the resized pixels and their size.
    /// </summary>
    public (byte[] Pixels, int Height, int Width) ApplyImage(ReadOnlySpan<byte> rgb, int height, int width)
    {
        if (rgb.Length != height * width * 3)
        {
            throw new ArgumentException($"Expected {height}×{width}×3 bytes, got {rgb.Length}.", nameof(rgb));
        }

        var (newHeight, newWidth) = GetPreprocessShape(height, width);
        return (PillowBilinear.Resize(rgb, height, width, 3, newHeight, newWidth), newHeight, newWidth);
    }

    /// <summary>Maps <c>[..., 2]</c> (x, y) coordinates of an image of <paramref name="originalSize"/> to the resized frame (float64 math).</summary>
    public Tensor ApplyCoords(Tensor coords, (int Height, int Width) originalSize)
    {
        ArgumentNullException.ThrowIfNull(coords);
        var (newHeight, newWidth) = GetPreprocessShape(originalSize.Height, originalSize.Width);
        using var scope = NewDisposeScope();
        var scale = tensor(new[] { newWidth / (double)originalSize.Width, newHeight / (double)originalSize.Height }, device: coords.device);
        return (coords.to(float64) * scale).MoveToOuterDisposeScope();
    }

    /// <summary>Maps <c>[..., 4]</c> XYXY boxes of an image of <paramref name="originalSize"/> to the resized frame (float64 math).</summary>
    public Tensor ApplyBoxes(Tensor boxes, (int Height, int Width) originalSize)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        using var scope = NewDisposeScope();
        var corners = ApplyCoords(boxes.reshape(-1, 2, 2), originalSize);
        return corners.reshape(-1, 4).MoveToOuterDisposeScope();
    }

    /// <summary>Pillow's <c>ImagingResample</c> with the bilinear filter on 8-bit channels.</summary>
    private static class PillowBilinear
    {
        public static byte[] Resize(ReadOnlySpan<byte> source, int height, int width, int channels, int newHeight, int newWidth)
        {
            var current = source.ToArray();
            var (h, w) = (height, width);
            if (newWidth != width)
            {
                current = Horizontal(current, h, w, channels, newWidth);
                w = newWidth;
            }

            if (newHeight != height)
            {
                current = Vertical(current, h, w, channels, newHeight);
            }

            return current;
        }

        private static (int[] Bounds, int[] Coefficients, int KernelSize) Coefficients(int inSize, int outSize)
        {
            var scale = (double)inSize / outSize;
            var filterScale = Math.Max(scale, 1.0);
            var support = 1.0 * filterScale;
            var kernelSize = (int)Math.Ceiling(support) * 2 + 1;
            var bounds = new int[outSize * 2];
            var fixedPoint = new int[outSize * kernelSize];
            var weights = new double[kernelSize];
            for (var o = 0; o < outSize; o++)
            {
                var center = (o + 0.5) * scale;
                var min = (int)(center - support + 0.5);
                if (min < 0)
                {
                    min = 0;
                }

                var max = (int)(center + support + 0.5);
                if (max > inSize)
                {
                    max = inSize;
                }

                max -= min;
                double total = 0;
                for (var x = 0; x < max; x++)
                {
                    var arg = Math.Abs((x + min - center + 0.5) / filterScale);
                    var weight = arg < 1.0 ? 1.0 - arg : 0.0;
                    weights[x] = weight;
                    total += weight;
                }

                for (var x = 0; x < kernelSize; x++)
                {
                    var k = x < max && total != 0 ? weights[x] / total : 0.0;
                    fixedPoint[o * kernelSize + x] = k < 0 ? (int)(-0.5 + k * (1 << Precision)) : (int)(0.5 + k * (1 << Precision));
                }

                bounds[o * 2] = min;
                bounds[o * 2 + 1] = max;
            }

            return (bounds, fixedPoint, kernelSize);
        }

        private static byte Clip8(int accumulator)
        {
            var value = accumulator >> Precision;
            return value < 0 ? (byte)0 : value > 255 ? (byte)255 : (byte)value;
        }

        private static byte[] Horizontal(byte[] source, int height, int width, int channels, int newWidth)
        {
            var (bounds, k, kernelSize) = Coefficients(width, newWidth);
            var output = new byte[height * newWidth * channels];
            for (var y = 0; y < height; y++)
            {
                var row = y * width * channels;
                for (var o = 0; o < newWidth; o++)
                {
                    var (min, count) = (bounds[o * 2], bounds[o * 2 + 1]);
                    var kernel = o * kernelSize;
                    for (var c = 0; c < channels; c++)
                    {
                        var accumulator = 1 << (Precision - 1);
                        for (var x = 0; x < count; x++)
                        {
                            accumulator += source[row + (min + x) * channels + c] * k[kernel + x];
                        }

                        output[(y * newWidth + o) * channels + c] = Clip8(accumulator);
                    }
                }
            }

            return output;
        }

        private static byte[] Vertical(byte[] source, int height, int width, int channels, int newHeight)
        {
            var (bounds, k, kernelSize) = Coefficients(height, newHeight);
            var rowLength = width * channels;
            var output = new byte[newHeight * rowLength];
            for (var o = 0; o < newHeight; o++)
            {
                var (min, count) = (bounds[o * 2], bounds[o * 2 + 1]);
                var kernel = o * kernelSize;
                for (var i = 0; i < rowLength; i++)
                {
                    var accumulator = 1 << (Precision - 1);
                    for (var y = 0; y < count; y++)
                    {
                        accumulator += source[(min + y) * rowLength + i] * k[kernel + y];
                    }

                    output[o * rowLength + i] = Clip8(accumulator);
                }
            }

            return output;
        }
    }
}
