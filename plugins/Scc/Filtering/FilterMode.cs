namespace SeCo.Plugins.Scc.Filtering;

/// <summary>The drop rules of the reference's <c>vis_json</c> (spec §8), and the paper's SCC-LD decision (<see cref="Gmm"/>).</summary>
public enum FilterMode
{
    /// <summary>Keep every region.</summary>
    None,

    /// <summary>Drop when <c>loss &gt; loss_threshold</c>.</summary>
    Loss,

    /// <summary>Drop when <c>score &lt; score_threshold</c>.</summary>
    Score,

    /// <summary>Drop on either the loss or the score rule.</summary>
    Both,

    /// <summary>Drop when <c>loss &gt; local_loss_threshold</c>.</summary>
    LocalLoss,

    /// <summary>Drop when <c>score &lt; local_score_threshold</c>.</summary>
    LocalScore,

    /// <summary>Drop on either local rule.</summary>
    LocalBoth,

    /// <summary>Drop when the loss exceeds both the local and the global (mean-of-local) loss threshold. SeCo's default.</summary>
    BothLoss,

    /// <summary>Drop when the score is below both the local and the global (mean-of-local) score threshold.</summary>
    BothScore,

    /// <summary>Drop on <see cref="BothLoss"/> or <see cref="BothScore"/>.</summary>
    BothBoth,

    /// <summary>
    /// The paper's SCC-LD (spec <c>scc-ld.md</c> §1): a two-component Gaussian mixture on the normalised losses gives
    /// each region a noise probability η; keep when η &lt; τ_ns, relabel to the prediction when η &gt; τ_ns and the
    /// score &gt; τ_cr, else drop (<see cref="Noise.NoiseDecisionRule"/>).
    /// </summary>
    Gmm,
}
