using System.Net;
using System.Text;

namespace SeCo.Plugins.HtmlReport;

/// <summary>The report's "Training" section: per training stage, its loss curves from <c>training.jsonl</c> (one chart per stage).</summary>
internal static class TrainingSection
{
    public static void Write(StringBuilder html, IReadOnlyList<TrainingCurve> curves)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(curves);
        if (curves.Count == 0)
        {
            return;
        }

        html.Append("<section id=\"training\"><h2>Training</h2><p class=\"muted\">Loss per step as each training stage logged it ")
            .Append("(its folder's training.jsonl; the TensorBoard event files beside it hold the same scalars, with the learning rate and evaluation IoU).</p>");
        foreach (var stage in curves.GroupBy(c => c.Stage, StringComparer.Ordinal))
        {
            var list = stage.ToList();
            html.Append("<h3>").Append(WebUtility.HtmlEncode(stage.Key)).Append("</h3>");
            html.Append(SvgLineChart.Render($"Training loss of {stage.Key}",
                list.Select((c, i) => (c.Tag, PanelColors.Series[i % PanelColors.Series.Length], c.Points)).ToList()));
        }

        html.Append("</section>\n");
    }
}
