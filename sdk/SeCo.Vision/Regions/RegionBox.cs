namespace SeCo.Vision.Regions;

/// <summary>A region record's <c>bbox</c>: <c>[x, y, w, h]</c>, the integer cast of pycocotools' <c>toBbox</c> (inclusive pixel extent).</summary>
/// <param name="X">Left column.</param>
/// <param name="Y">Top row.</param>
/// <param name="Width">Columns covered.</param>
/// <param name="Height">Rows covered.</param>
public readonly record struct RegionBox(int X, int Y, int Width, int Height);
