namespace SeCo.Vision.Geometry;

/// <summary>An integer point in pixel coordinates (<c>X</c> = column, <c>Y</c> = row), like OpenCV's <c>Point</c>.</summary>
/// <param name="X">Column.</param>
/// <param name="Y">Row.</param>
public readonly record struct Point2I(int X, int Y);
