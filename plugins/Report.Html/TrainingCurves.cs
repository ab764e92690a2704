using SeCo.Vision.Training;
using SeCo.Sdk.Runs;

namespace SeCo.Plugins.HtmlReport;

/// <summary>
/// Finds the loss curves of a run: every stage folder holding a <see cref="TrainingLog.JsonFileName"/> (written by
/// <see cref="TrainingLog"/>) gives one curve per tag whose last part ends in <c>loss</c>.
/// </summary>
internal static class TrainingCurves
{
    public static IReadOnlyList<TrainingCurve> Read(RunFolder run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var curves = new List<TrainingCurve>();
        foreach (var stage in run.Stages)
        {
            var folder = Path.IsPathRooted(stage.OutputDirectory) ? stage.OutputDirectory : Path.Combine(run.Directory, stage.OutputDirectory);
            var scalars = TrainingLog.Read(Path.Combine(folder, TrainingLog.JsonFileName));
            foreach (var group in scalars.Where(s => IsLoss(s.Tag) && double.IsFinite(s.Value)).GroupBy(s => s.Tag, StringComparer.Ordinal))
            {
                curves.Add(new TrainingCurve(stage.Id, group.Key, group.OrderBy(s => s.Step).Select(s => (s.Step, s.Value)).ToList()));
            }
        }

        return curves;
    }

    private static bool IsLoss(string tag) => tag[(tag.LastIndexOf('/') + 1)..].EndsWith("loss", StringComparison.OrdinalIgnoreCase);
}
