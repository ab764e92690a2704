namespace SeCo.Plugins.Scc.Noise;

/// <summary>SCC-LD's decision for one region (spec <c>scc-ld.md</c> §1.5, Eqs. (3)–(4)).</summary>
public enum RegionDecision
{
    /// <summary>η &lt; τ_ns: clean; keeps its pseudo-label (even when the classifier disagrees).</summary>
    Keep,

    /// <summary>η &gt; τ_ns and the classifier's top probability &gt; τ_cr: takes the classifier's argmax class.</summary>
    Relabel,

    /// <summary>Otherwise (including η = τ_ns exactly): painted 255.</summary>
    Drop,
}
