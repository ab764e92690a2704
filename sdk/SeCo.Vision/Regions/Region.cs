namespace SeCo.Vision.Regions;

/// <summary>
/// One connected component of one class: its class, size, inclusive bounding box (as OpenCV's
/// <c>connectedComponentsWithStats</c>) and first pixel in raster order.
/// </summary>
/// <param name="Class">The label-map value of the component's pixels (1 for binary masks).</param>
/// <param name="ClassLabel">1-based number of the component among its class's components (the OpenCV / scikit-image label).</param>
/// <param name="Area">Number of pixels.</param>
/// <param name="Left">Leftmost column.</param>
/// <param name="Top">Topmost row.</param>
/// <param name="Width">Columns covered, <c>right - left + 1</c>.</param>
/// <param name="Height">Rows covered, <c>bottom - top + 1</c>.</param>
/// <param name="FirstPixel">Row-major index <c>y * width + x</c> of the component's first pixel in raster order.</param>
public readonly record struct Region(int Class, int ClassLabel, int Area, int Left, int Top, int Width, int Height, int FirstPixel);
