namespace SeCo.Plugins.Psa.Imaging;

/// <summary>The Pillow resampling filters <see cref="PillowResample"/> implements.</summary>
internal enum PillowFilter
{
    /// <summary><c>Image.BILINEAR</c> (SAM's <c>ResizeLongestSide</c>).</summary>
    Bilinear = 0,

    /// <summary><c>Image.BICUBIC</c>, Pillow's default for RGB <c>resize</c> (the reference's image-to-label resize).</summary>
    Bicubic = 1,
}
