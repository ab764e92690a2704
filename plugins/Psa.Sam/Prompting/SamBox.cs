namespace SeCo.Plugins.Psa.Prompting;

/// <summary>A box prompt in original-image pixels, XYXY.</summary>
public readonly record struct SamBox(double X0, double Y0, double X1, double Y1);
