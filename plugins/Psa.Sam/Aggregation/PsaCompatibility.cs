namespace SeCo.Plugins.Psa.Aggregation;

/// <summary>How closely the aggregation follows the reference script (spec psa §8).</summary>
public enum PsaCompatibility
{
    /// <summary>
    /// Pixel-for-pixel the reference output, quirks included: even-sized components get one point, pixels no
    /// accepted mask covers become ignore, later masks overwrite earlier ones, a thing class needs more than the
    /// component minimum overall.
    /// </summary>
    Reference = 0,
}
