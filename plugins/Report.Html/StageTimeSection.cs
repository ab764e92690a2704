using System.Globalization;
using System.Net;
using System.Text;
using SeCo.Sdk.Runs;

namespace SeCo.Plugins.HtmlReport;

/// <summary>
/// The report's time budget (issue 22): each stage's wall seconds from run.json, its share of the run's wall time and
/// where it sat on the run's time line (start offset and a bar), so a stage that got slower stands out. Stages whose
/// inputs are ready run side by side, so shares can add up to more than 100 %; the gap between the run's time and the
/// time line's end is the host's own work (planning, fingerprints, the report).
/// </summary>
internal static class StageTimeSection
{
    /// <summary>Appends the section; nothing when the run has no stages.</summary>
    public static void Write(StringBuilder html, RunFolder run)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(run);
        if (run.Stages.Count == 0)
        {
            return;
        }

        var total = run.DurationSeconds;
        html.Append("<section id=\"stage-times\"><h2>Time per stage</h2><p class=\"muted\">")
            .Append(E($"Wall seconds of each stage and its share of the run's {F(total, "0.0")} s; the bar shows when it ran. Cached stages took no time. Stages whose inputs are ready run side by side, so shares can add up to more than 100 %."))
            .Append("</p><table><thead><tr><th>stage</th><th>state</th><th>start (s)</th><th>seconds</th><th>share of run</th><th>time line</th></tr></thead><tbody>");
        foreach (var stage in run.Stages)
        {
            var share = total > 0 ? stage.DurationSeconds / total : 0;
            html.Append("<tr data-stage=\"").Append(E(stage.Id)).Append("\" data-seconds=\"").Append(F(stage.DurationSeconds, "R"))
                .Append("\" data-share=\"").Append(F(share, "R")).Append("\"><td>").Append(E(stage.Id)).Append("</td><td>")
                .Append(E(stage.State.ToString().ToLowerInvariant())).Append("</td><td class=\"num\">")
                .Append(stage.StartSeconds is { } start ? F(start, "0.0") : "–").Append("</td><td class=\"num\">")
                .Append(F(stage.DurationSeconds, "0.0")).Append("</td><td class=\"num\">").Append(F(100 * share, "0.0")).Append(" %</td><td>");
            Bar(html, stage.StartSeconds, stage.DurationSeconds, total);
            html.Append("</td></tr>");
        }

        html.Append("</tbody><tfoot><tr><td>run</td><td>").Append(E(run.State.ToString().ToLowerInvariant())).Append("</td><td class=\"num\">0.0</td><td class=\"num\">")
            .Append(F(total, "0.0")).Append("</td><td class=\"num\">100.0 %</td><td></td></tr></tfoot></table></section>\n");
    }

    /// <summary>An inline SVG bar of the stage's interval on the run's time line (empty without a start or a run time).</summary>
    private static void Bar(StringBuilder html, double? start, double seconds, double total)
    {
        const double Width = 200;
        if (start is not { } from || total <= 0)
        {
            return;
        }

        var x = Math.Clamp(from / total, 0, 1) * Width;
        var w = Math.Max(1, Math.Clamp(seconds / total, 0, 1) * Width);
        html.Append("<svg width=\"").Append(F(Width, "0")).Append("\" height=\"10\" role=\"img\"><rect x=\"0\" y=\"0\" width=\"").Append(F(Width, "0"))
            .Append("\" height=\"10\" fill=\"#eef1f5\"/><rect x=\"").Append(F(Math.Min(x, Width - 1), "0.0")).Append("\" y=\"0\" width=\"").Append(F(w, "0.0"))
            .Append("\" height=\"10\" fill=\"#4e79a7\"/></svg>");
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
