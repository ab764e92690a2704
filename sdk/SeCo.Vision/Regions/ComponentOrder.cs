namespace SeCo.Vision.Regions;

/// <summary>
/// How the components of one class are numbered. Regions are always ordered by class first (ascending),
/// then by this order within the class.
/// </summary>
public enum ComponentOrder
{
    /// <summary>
    /// OpenCV 4.6 <c>cv2.connectedComponents</c> (default block-based algorithm): components in the order of the
    /// first 2x2 pixel block they touch, blocks scanned in raster order (block row <c>y/2</c>, block column
    /// <c>x/2</c>). SeCo's SCC region ids (<c>gen_ins_mask</c>) follow this order. With
    /// <see cref="Connectivity.Four"/> OpenCV 4.6 numbers components in raster order of their first pixel
    /// (as <see cref="FirstPixel"/>), and so does this option.
    /// </summary>
    OpenCv = 0,

    /// <summary>
    /// scikit-image <c>measure.label</c>: components in row-major raster order of their first pixel. SeCo's PSA
    /// numbers thing components this way.
    /// </summary>
    FirstPixel = 1,
}
