using SeCo.Vision.LabelMaps;

namespace SeCo.Plugins.Adapt.UniMatch.Splitting;

/// <summary>The share of a label map's pixels that carry a class (not 255): what survived SCC's filtering.</summary>
public static class SurvivingFraction
{
    /// <summary>The fraction of pixels whose value is not <see cref="LabelMap.Ignore"/>, in [0, 1].</summary>
    public static double Of(LabelMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var data = map.Data;
        if (data.Length == 0)
        {
            return 0;
        }

        var ignored = data.AsSpan().Count(LabelMap.Ignore);
        return (double)(data.Length - ignored) / data.Length;
    }
}
