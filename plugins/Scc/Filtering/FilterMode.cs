using System.Text.Json.Serialization;

namespace SeCo.Plugins.Scc.Filtering;

/// <summary>
/// The drop rules of the reference's <c>vis_json</c> (spec §8), and the paper's SCC-LD decision (<see cref="Gmm"/>).
/// The JSON names (option <c>filterMode</c>) are the reference's mode names.
/// </summary>
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
    [JsonStringEnumMemberName("local_loss")]
    LocalLoss,

    /// <summary>Drop when <c>score &lt; local_score_threshold</c>.</summary>
    [JsonStringEnumMemberName("local_score")]
    LocalScore,

    /// <summary>Drop on either local rule.</summary>
    [JsonStringEnumMemberName("local_both")]
    LocalBoth,

    /// <summary>Drop when the loss exceeds both the local and the global (mean-of-local) loss threshold. SeCo's default.</summary>
    [JsonStringEnumMemberName("both_loss")]
    BothLoss,

    /// <summary>Drop when the score is below both the local and the global (mean-of-local) score threshold.</summary>
    [JsonStringEnumMemberName("both_score")]
    BothScore,

    /// <summary>Drop on <see cref="BothLoss"/> or <see cref="BothScore"/>.</summary>
    [JsonStringEnumMemberName("both_both")]
    BothBoth,

    /// <summary>
    /// The paper's SCC-LD (spec <c>scc-ld.md</c> §1): a two-component Gaussian mixture on the normalised losses gives
    /// each region a noise probability η; keep when η &lt; τ_ns, relabel to the prediction when η &gt; τ_ns and the
    /// score &gt; τ_cr, else drop (<see cref="Noise.NoiseDecisionRule"/>).
    /// </summary>
    Gmm,
}
