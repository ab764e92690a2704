namespace SeCo.Plugins.Psa.Aggregation;

/// <summary>
/// Individually switchable fixes of reference quirks (spec psa §8). All are off by default, which is the reference
/// behaviour pixel for pixel; each one changes the output only where its quirk would.
/// </summary>
public sealed record PsaFixes
{
    /// <summary>
    /// Quirk 4: even-sized components get a second point too (the lowest-purity pixel of the pixels after the first
    /// chunk), not only odd-sized ones.
    /// </summary>
    public bool TwoPointsPerComponent { get; init; }

    /// <summary>
    /// Quirk 9: a pixel that neither an accepted region nor a thing mask covers keeps its input label instead of
    /// becoming ignore (255). Pixels the input already ignored stay ignored.
    /// </summary>
    public bool KeepUncoveredLabels { get; init; }

    /// <summary>
    /// Quirk 6: a thing class is prompted when it has at least the component minimum of pixels overall (the reference
    /// needs strictly more), the same rule its components follow.
    /// </summary>
    public bool InclusiveClassMinimum { get; init; }

    /// <summary>
    /// Quirk 10: the stuff vote does not repaint pixels whose input label is a thing class (they are left to the
    /// thing masks, or to <see cref="KeepUncoveredLabels"/>).
    /// </summary>
    public bool StuffKeepsThingPixels { get; init; }

    /// <summary>True when every fix is off (the reference behaviour).</summary>
    public bool IsReference => !TwoPointsPerComponent && !KeepUncoveredLabels && !InclusiveClassMinimum && !StuffKeepsThingPixels;
}
