namespace SeCo.Fixtures.PluginA;

/// <summary>The code change of this variant: a class PluginA does not have.</summary>
public static class SumRounding
{
    /// <summary>Rounds a sum to a multiple of <paramref name="step"/>.</summary>
    public static double Round(double sum, double step) => Math.Round(sum / step) * step;
}
