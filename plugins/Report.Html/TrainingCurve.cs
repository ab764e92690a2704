namespace SeCo.Plugins.HtmlReport;

/// <summary>One training scalar of one stage over its steps (from the stage's <c>training.jsonl</c>).</summary>
/// <param name="Stage">The stage id.</param>
/// <param name="Tag">The scalar, e.g. <c>train/loss</c>.</param>
/// <param name="Points">(step, value) in step order, finite values only.</param>
internal sealed record TrainingCurve(string Stage, string Tag, IReadOnlyList<(long Step, double Value)> Points);
