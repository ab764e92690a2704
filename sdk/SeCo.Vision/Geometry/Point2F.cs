namespace SeCo.Vision.Geometry;

/// <summary>A single-precision point (<c>X</c> = column, <c>Y</c> = row), like OpenCV's <c>Point2f</c>.</summary>
/// <param name="X">Column.</param>
/// <param name="Y">Row.</param>
public readonly record struct Point2F(float X, float Y);
