namespace SeCo.Host.Running;

/// <summary>One input of a <see cref="StageKey"/>: where it comes from and that stage's fingerprint.</summary>
/// <param name="From">The source, <c>stage.port</c>.</param>
/// <param name="Fingerprint">The source stage's fingerprint.</param>
internal sealed record StageKeyInput(string From, string Fingerprint)
{
    /// <summary>The source stage's id.</summary>
    public string SourceStage => From[..From.LastIndexOf('.')];

    /// <summary>The source stage's output port.</summary>
    public string SourcePort => From[(From.LastIndexOf('.') + 1)..];
}
