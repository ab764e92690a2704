using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.MaskGeneration;

/// <summary>The reference <c>is_box_near_crop_edge</c>: masks cut by a crop border are dropped per crop.</summary>
public static class CropEdges
{
    /// <summary>Pixels within which a box coordinate counts as touching an edge.</summary>
    public const int Tolerance = 20;

    /// <summary>
    /// For boxes <c>[K, 4]</c> XYXY in crop coordinates: true where some coordinate, shifted to image coordinates,
    /// lies within <see cref="Tolerance"/> of the crop's edge but not of the image's <c>[0, 0, W, H]</c> edge.
    /// </summary>
    public static Tensor IsBoxNearCropEdge(Tensor boxes, CropBox crop, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        using var scope = NewDisposeScope();
        var device = boxes.device;
        var cropBox = tensor(new float[] { crop.X0, crop.Y0, crop.X1, crop.Y1 }, device: device).unsqueeze(0);
        var imageBox = tensor(new float[] { 0, 0, width, height }, device: device).unsqueeze(0);
        var offset = tensor(new long[] { crop.X0, crop.Y0, crop.X0, crop.Y0 }, device: device);
        var uncropped = (boxes.to(int64) + offset).to(float32);
        var nearCrop = (uncropped - cropBox).abs().le(Tolerance);
        var nearImage = (uncropped - imageBox).abs().le(Tolerance);
        return nearCrop.logical_and(nearImage.logical_not()).any(1).MoveToOuterDisposeScope();
    }
}
