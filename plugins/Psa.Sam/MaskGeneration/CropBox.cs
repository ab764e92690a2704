namespace SeCo.Plugins.Psa.MaskGeneration;

/// <summary>An image crop XYXY (exclusive right/bottom) and its crop layer.</summary>
public readonly record struct CropBox(int X0, int Y0, int X1, int Y1, int Layer)
{
    /// <summary>Crop width.</summary>
    public int Width => X1 - X0;

    /// <summary>Crop height.</summary>
    public int Height => Y1 - Y0;
}
