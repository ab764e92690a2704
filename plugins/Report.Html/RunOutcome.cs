using SeCo.Sdk.Runs;

namespace SeCo.Plugins.HtmlReport;

/// <summary>
/// What a report says first about a run that did not succeed: that it failed or was cancelled, and at which
/// stage(s), so a report never passes for a complete run's.
/// </summary>
internal static class RunOutcome
{
    /// <summary>The sentence for a failed or cancelled run, or null when it succeeded.</summary>
    public static string? Describe(RunFolder run)
    {
        ArgumentNullException.ThrowIfNull(run);
        switch (run.State)
        {
            case RunState.Failed:
                var failed = run.Stages.Where(s => s.State == StageRunState.Failed).ToList();
                return failed.Count == 0
                    ? "This run failed."
                    : $"This run failed at stage {string.Join(", ", failed.Select(s => s.Error is null ? s.Id : $"{s.Id} ({s.Error})"))}; "
                      + "later stages did not run and show no results.";
            case RunState.Cancelled:
                var stopped = run.Stages.Where(s => s.State is StageRunState.Cancelled).Select(s => s.Id).ToList();
                return stopped.Count == 0
                    ? "This run was cancelled before any stage ran."
                    : $"This run was cancelled during stage {string.Join(", ", stopped)}; that stage and later ones show no results "
                      + "(the next run resumes them).";
            default:
                return null;
        }
    }
}
