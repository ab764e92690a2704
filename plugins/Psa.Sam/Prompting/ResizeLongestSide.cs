using SeCo.Vision.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.Prompting;

/// <summary>
/// The reference <c>ResizeLongestSide</c>: resizes images so the longest side equals the encoder input size
/// (Pillow's antialiased bilinear filter, bit-exact on uint8) and maps point and box coordinates accordingly.
/// </summary>
public sealed class ResizeLongestSide
{
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
        return (PillowResample.Resize(rgb, height, width, 3, newHeight, newWidth, PillowFilter.Bilinear), newHeight, newWidth);
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
}
