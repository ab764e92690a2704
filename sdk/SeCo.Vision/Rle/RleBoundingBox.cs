namespace SeCo.Vision.Rle;

/// <summary>
/// The box pycocotools' <c>toBbox</c> computes from a run-length encoding: left, top, width and height
/// of the inclusive pixel extent (a single pixel has width 1), in the unsigned 32-bit arithmetic of
/// cocoapi's <c>rleToBbox</c>.
/// </summary>
/// <param name="X">Left column.</param>
/// <param name="Y">Top row.</param>
/// <param name="Width">Columns covered (<c>x_max - x_min + 1</c>).</param>
/// <param name="Height">Rows covered (<c>y_max - y_min + 1</c>).</param>
public readonly record struct RleBoundingBox(uint X, uint Y, uint Width, uint Height);
