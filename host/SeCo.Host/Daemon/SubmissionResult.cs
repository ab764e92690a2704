using SeCo.Host.Pipelines;

namespace SeCo.Host.Daemon;

/// <summary>The outcome of a submission: the new run id, or every problem found (nothing was queued).</summary>
internal sealed record SubmissionResult(string? RunId, IReadOnlyList<ValidationError> Errors)
{
    public bool IsAccepted => RunId is not null;
}
