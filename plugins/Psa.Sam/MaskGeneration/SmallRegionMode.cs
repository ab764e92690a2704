namespace SeCo.Plugins.Psa.MaskGeneration;

/// <summary>What <see cref="SmallRegions.Remove"/> removes.</summary>
public enum SmallRegionMode
{
    /// <summary>Fill background components smaller than the area (holes, including a small border background).</summary>
    Holes,

    /// <summary>Drop foreground components smaller than the area (keeping the largest if all are small).</summary>
    Islands,
}
