using SeCo.Vision.Rle;

namespace SeCo.Plugins.Psa.MaskGeneration;

/// <summary>One mask of <see cref="AutomaticMaskGenerator"/> with the reference record's fields.</summary>
public sealed record MaskRecord
{
    /// <summary>The segmentation as uncompressed COCO RLE (column-major runs, starting with a zero-run).</summary>
    public required CocoRle Rle { get; init; }

    /// <summary>The decoded row-major <c>H × W</c> mask (0/1), only with <see cref="MaskOutputMode.BinaryMask"/>.</summary>
    public byte[]? Mask { get; init; }

    /// <summary>pycocotools' compressed counts string, only with <see cref="MaskOutputMode.CocoRle"/>.</summary>
    public string? CompressedCounts { get; init; }

    /// <summary>Mask area in pixels.</summary>
    public required long Area { get; init; }

    /// <summary>Box XYWH from the inclusive XYXY box (width is one less than the pixel extent).</summary>
    public required (int X, int Y, int Width, int Height) Bbox { get; init; }

    /// <summary>The decoder's IoU estimate.</summary>
    public required float PredictedIou { get; init; }

    /// <summary>The grid point that produced the mask, in original-image pixels.</summary>
    public required (double X, double Y) PointCoords { get; init; }

    /// <summary>The stability score.</summary>
    public required float StabilityScore { get; init; }

    /// <summary>The crop the mask was predicted in, XYWH.</summary>
    public required (int X, int Y, int Width, int Height) CropBox { get; init; }
}
