namespace SeCo.Plugins.Psa.Prompting;

/// <summary>A point prompt in original-image pixels with its label (1 foreground, 0 background).</summary>
/// <param name="X">Column, in pixels (fractions allowed).</param>
/// <param name="Y">Row, in pixels (fractions allowed).</param>
/// <param name="Label">1 = foreground, 0 = background.</param>
public readonly record struct SamPoint(double X, double Y, int Label = 1);
