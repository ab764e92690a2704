namespace SeCo.Plugins.Psa.MaskGeneration;

/// <summary>How <see cref="AutomaticMaskGenerator"/> returns each mask's segmentation.</summary>
public enum MaskOutputMode
{
    /// <summary>A decoded <c>H × W</c> binary mask (<see cref="MaskRecord.Mask"/>).</summary>
    BinaryMask,

    /// <summary>Uncompressed COCO RLE only (<see cref="MaskRecord.Rle"/>).</summary>
    UncompressedRle,

    /// <summary>COCO RLE with pycocotools' compressed counts string (<see cref="MaskRecord.CompressedCounts"/>).</summary>
    CocoRle,
}
