namespace SeCo.Vision.Imaging;

/// <summary>The Pillow resampling filters <see cref="PillowResample"/> implements.</summary>
public enum PillowFilter
{
    /// <summary>
    /// <c>Image.BILINEAR</c>: the triangle filter, support 1 (SAM's <c>ResizeLongestSide</c>, the ProDA preprocessing,
    /// UniMatch's training resize).
    /// </summary>
    Bilinear = 0,

    /// <summary>
    /// <c>Image.BICUBIC</c>: the cubic convolution filter with <c>a = −0.5</c>, support 2; Pillow's default for RGB
    /// <c>resize</c> (the PSA reference's image-to-label resize).
    /// </summary>
    Bicubic = 1,
}
