using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using SeCo.Sdk.Runs;

namespace SeCo.Plugins.HtmlReport;

/// <summary>
/// Writes the report as one self-contained HTML page: inline CSS, inline SVG charts, PNG panels as <c>data:</c>
/// URIs, no script and nothing fetched from the network. Every number shown comes from a <c>metrics.json</c>; each
/// table cell carries the stored value in <c>data-value</c>, and a JSON block (<c>#seco-report-data</c>) repeats
/// the table for tools.
/// </summary>
internal static class ReportHtmlWriter
{
    /// <summary>The id of the JSON data block.</summary>
    public const string DataBlockId = "seco-report-data";

    private const string Style = """
        :root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --band: #f6f8fa; }
        * { box-sizing: border-box; }
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); margin: 0 auto; padding: 24px; max-width: 1800px; }
        h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
        h3 { font-size: 15px; margin: 18px 0 6px; }
        .muted, figcaption { color: var(--muted); }
        table { border-collapse: collapse; margin: 6px 0 12px; }
        th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
        thead th { background: var(--band); }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.na { color: var(--muted); }
        .swatch { display: inline-block; width: 11px; height: 11px; margin-right: 6px; border: 1px solid #0003; vertical-align: -1px; }
        .chart { display: block; margin: 8px 0 16px; max-width: 100%; height: auto; }
        .chart .grid { stroke: #e5e9ee; } .chart .axis { stroke: #8c959f; }
        .chart text { font: 11px system-ui, sans-serif; fill: var(--ink); } .chart .tick { fill: var(--muted); }
        body { overflow-wrap: anywhere; }
        .outcome { border: 1px solid #d1242f; background: #ffebe9; padding: 8px 12px; font-weight: 600; }
        td.change-up { color: #1a7f37; } td.change-down { color: #d1242f; }
        .sample { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-start; margin-bottom: 14px; }
        figure { margin: 0; flex: 1 1 150px; min-width: 0; }
        figure img { display: block; width: 100%; height: auto; border: 1px solid var(--line); image-rendering: auto; }
        figure .missing { display: flex; align-items: center; justify-content: center; background: var(--band); border: 1px dashed var(--line); color: var(--muted); padding: 8px; text-align: center; }
        figcaption { font-size: 12px; max-width: 100%; overflow-wrap: anywhere; }
        figcaption b { color: var(--ink); font-weight: 600; }
        .legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 6px 0 12px; font-size: 12px; }
        .notes li { color: #9a6700; }
        """;

    public static string Write(ReportModel model, IReadOnlyList<SampleRow> samples, RunReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(samples);
        var run = model.Run;
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>").Append(E($"SeCo report · {run.Pipeline}")).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n");
        html.Append("<header><h1>").Append(E(run.Pipeline)).Append("</h1><p class=\"muted\">")
            .Append(E($"{run.State.ToString().ToLowerInvariant()} · finished {run.FinishedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC · {run.DurationSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s · {model.Run.Directory}"))
            .Append("</p>");
        if (RunOutcome.Describe(run) is { } outcome)
        {
            html.Append("<p class=\"outcome\" id=\"outcome\">").Append(E(outcome)).Append("</p>");
        }

        html.Append("</header>\n");
        WriteStages(html, model);
        StageTimeSection.Write(html, run);
        WriteQuality(html, model);
        RegionNoiseSection.Write(html, model.NoiseModels);
        TrainingSection.Write(html, model.Training);
        WriteSamples(html, model, samples, options);
        if (model.Notes.Count > 0)
        {
            html.Append("<section id=\"notes\"><h2>Notes</h2><ul class=\"notes\">");
            foreach (var note in model.Notes)
            {
                html.Append("<li>").Append(E(note)).Append("</li>");
            }

            html.Append("</ul></section>\n");
        }

        html.Append("<script type=\"application/json\" id=\"").Append(DataBlockId).Append("\">").Append(DataBlock(model, samples)).Append("</script>\n");
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void WriteStages(StringBuilder html, ReportModel model)
    {
        html.Append("<section id=\"stages\"><h2>Stages</h2><table><thead><tr><th>stage</th><th>use</th><th>state</th><th>seconds</th><th>inputs</th><th>outputs</th></tr></thead><tbody>");
        foreach (var stage in model.Run.Stages)
        {
            var record = stage;
            html.Append("<tr><td>").Append(E(record.Id)).Append("</td><td>").Append(E(record.Use)).Append("</td><td>")
                .Append(E(record.State.ToString().ToLowerInvariant())).Append("</td><td class=\"num\">")
                .Append(record.DurationSeconds.ToString("0.0", CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(E(string.Join(", ", record.Inputs.Select(i => $"{i.Key} ← {i.Value}")))).Append("</td><td>")
                .Append(E(string.Join(", ", stage.Outputs.Select(o => $"{o.Key} ({o.Value.GetType().Name})")))).Append("</td></tr>");
        }

        html.Append("</tbody></table></section>\n");
    }

    /// <summary>
    /// The headline tables: the rows whose evaluation stage declared what it scores (<c>scores</c>, <c>name</c> in
    /// metrics.json), model predictions on held-out images first, then pseudo-labels, in pipeline order.
    /// </summary>
    private static void WriteHeadline(StringBuilder html, ReportModel model)
    {
        foreach (var (scores, title) in new[] { ("predictions", "Models on held-out target images"), ("pseudoLabels", "Pseudo-labels on target-train") })
        {
            var rows = model.Rows.Where(r => r.Metrics.Scores == scores).ToList();
            if (rows.Count == 0)
            {
                continue;
            }

            html.Append("<h3>").Append(E(title)).Append("</h3><table class=\"headline\" data-scores=\"").Append(E(scores))
                .Append("\"><thead><tr><th>").Append(scores == "predictions" ? "model" : "labels")
                .Append("</th><th>mIoU</th><th>mIoU on labelled</th><th>coverage</th><th>images</th></tr></thead><tbody>");
            foreach (var row in rows)
            {
                var m = row.Metrics;
                html.Append("<tr data-evaluated-by=\"").Append(E(m.EvaluatedBy)).Append("\"><td>").Append(E(m.Name ?? row.Labels)).Append("</td>");
                Cell(html, "mIoU", m.MeanIoU);
                Cell(html, "labelledMIoU", m.LabelledMeanIoU);
                Cell(html, "coverage", m.Coverage);
                html.Append("<td class=\"num\">").Append(m.Images?.ToString(CultureInfo.InvariantCulture) ?? "–").Append("</td></tr>");
            }

            html.Append("</tbody></table>");
        }
    }

    private static void WriteQuality(StringBuilder html, ReportModel model)
    {
        html.Append("<section id=\"quality\"><h2>Pseudo-label quality</h2>");
        if (model.Rows.Count == 0)
        {
            html.Append("<p class=\"muted\">No metrics in this run.</p></section>\n");
            return;
        }

        WriteHeadline(html, model);
        html.Append("<p class=\"muted\">Percentages from each evaluation stage's metrics.json. mIoU counts unlabelled pixels as wrong; ")
            .Append("\"on labelled\" values score labelled pixels only; coverage is the share of pixels that carry a label.</p>");
        html.Append("<table id=\"summary\"><thead><tr><th>label set</th><th>scored by</th><th>mIoU</th><th title=\"mIoU minus the previous label set's\">change</th><th>mIoU on labelled</th><th>pixel acc.</th><th>pixel acc. on labelled</th><th>coverage</th><th>images</th></tr></thead><tbody>");
        for (var r = 0; r < model.Rows.Count; r++)
        {
            var row = model.Rows[r];
            var m = row.Metrics;
            html.Append("<tr data-labels=\"").Append(E(row.Labels)).Append("\"><td>").Append(E(row.Labels)).Append("</td><td>").Append(E(m.EvaluatedBy)).Append("</td>");
            Cell(html, "mIoU", m.MeanIoU);
            ChangeCell(html, QualityChange.MeanIoUChange(model.Rows, r));
            Cell(html, "labelledMIoU", m.LabelledMeanIoU);
            Cell(html, "pixelAccuracy", m.PixelAccuracy);
            Cell(html, "labelledPixelAccuracy", m.LabelledPixelAccuracy);
            Cell(html, "coverage", m.Coverage);
            html.Append("<td class=\"num\" data-metric=\"images\" data-value=\"").Append(m.Images?.ToString(CultureInfo.InvariantCulture) ?? "null").Append("\">")
                .Append(m.Images?.ToString(CultureInfo.InvariantCulture) ?? "–").Append("</td></tr>");
        }

        html.Append("</tbody></table>");
        var names = model.Rows.Select(r => r.Labels).ToList();
        html.Append(SvgBarChart.Render("mIoU, mIoU on labelled pixels and coverage per label set", names,
        [
            new ChartSeries("mIoU", PanelColors.Series[0], model.Rows.Select(r => r.Metrics.MeanIoU).ToList()),
            new ChartSeries("mIoU on labelled", PanelColors.Series[1], model.Rows.Select(r => r.Metrics.LabelledMeanIoU).ToList()),
            new ChartSeries("coverage", PanelColors.Series[3], model.Rows.Select(r => r.Metrics.Coverage).ToList()),
        ]));

        var classes = model.Classes;
        if (classes.Count > 0)
        {
            html.Append("<h3>Per-class IoU</h3><table id=\"classes\"><thead><tr><th>class</th>");
            foreach (var row in model.Rows)
            {
                html.Append("<th>").Append(E(row.Labels)).Append("</th>");
            }

            html.Append("</tr></thead><tbody>");
            foreach (var cls in classes)
            {
                html.Append("<tr data-class=\"").Append(cls.Id.ToString(CultureInfo.InvariantCulture)).Append("\"><td>");
                if (cls.Color is { } color)
                {
                    html.Append("<span class=\"swatch\" style=\"background:").Append(PanelColors.Hex(color)).Append("\"></span>");
                }

                html.Append(E(cls.Name)).Append("</td>");
                foreach (var row in model.Rows)
                {
                    Cell(html, "iou", row.Metrics.Classes.FirstOrDefault(c => c.Id == cls.Id)?.IoU, row.Labels);
                }

                html.Append("</tr>");
            }

            html.Append("</tbody></table>");
            html.Append(SvgBarChart.Render("IoU per class and label set", classes.Select(c => c.Name).ToList(),
                model.Rows.Select((r, i) => new ChartSeries(r.Labels, PanelColors.Series[i % PanelColors.Series.Length],
                    classes.Select(c => r.Metrics.Classes.FirstOrDefault(s => s.Id == c.Id)?.IoU).ToList())).ToList()));
        }

        html.Append("</section>\n");
    }

    private static void WriteSamples(StringBuilder html, ReportModel model, IReadOnlyList<SampleRow> samples, RunReportOptions options)
    {
        html.Append("<section id=\"samples\"><h2>Samples</h2>");
        if (samples.Count == 0)
        {
            html.Append("<p class=\"muted\">No images in this run.</p></section>\n");
            return;
        }

        html.Append("<p class=\"muted\">").Append(E($"{samples.Count} of {model.Images?.Items.Count ?? samples.Count} images, spread evenly; label maps are class colours over the photo (unlabelled pixels dimmed). Ground truth from {model.GroundTruthSource ?? "—"}."))
            .Append("</p><div class=\"legend\">");
        foreach (var cls in model.Classes.Where(c => c.Color is not null))
        {
            html.Append("<span><span class=\"swatch\" style=\"background:").Append(PanelColors.Hex(cls.Color!.Value)).Append("\"></span>").Append(E(cls.Name)).Append("</span>");
        }

        html.Append("</div><div class=\"legend\">");
        Legend(html, PanelColors.Correct, "error map: correct");
        Legend(html, PanelColors.Wrong, "error map: wrong class");
        Legend(html, PanelColors.Unlabelled, "error map: unlabelled");
        if (model.Columns.Any(c => c.Regions is not null))
        {
            Legend(html, PanelColors.KeptOutline, "outline: kept region");
            Legend(html, PanelColors.DroppedOutline, "outline: dropped region");
        }

        html.Append("</div><div class=\"samples\">");
        foreach (var sample in samples)
        {
            html.Append("<h3>").Append(E(sample.Id)).Append("</h3><div class=\"sample\">");
            foreach (var panel in sample.Panels)
            {
                html.Append("<figure>");
                if (panel.DataUri is not null)
                {
                    html.Append("<img alt=\"").Append(E($"{panel.Title} of {sample.Id}")).Append("\" src=\"").Append(panel.DataUri).Append("\">");
                }
                else
                {
                    html.Append("<div class=\"missing\" style=\"width:").Append(options.ThumbnailWidth.ToString(CultureInfo.InvariantCulture))
                        .Append("px\">not available</div>");
                }

                html.Append("<figcaption><b>").Append(E(panel.Title)).Append("</b>");
                if (panel.Caption is not null)
                {
                    html.Append("<br>").Append(E(panel.Caption));
                }

                html.Append("</figcaption></figure>");
            }

            html.Append("</div>");
        }

        html.Append("</div></section>\n");
    }

    private static void Legend(StringBuilder html, (byte R, byte G, byte B) color, string text) =>
        html.Append("<span><span class=\"swatch\" style=\"background:").Append(PanelColors.Hex(color)).Append("\"></span>").Append(E(text)).Append("</span>");

    private static void Cell(StringBuilder html, string metric, double? value, string? labels = null)
    {
        html.Append(value is null ? "<td class=\"num na\"" : "<td class=\"num\"").Append(" data-metric=\"").Append(metric).Append('"');
        if (labels is not null)
        {
            html.Append(" data-labels=\"").Append(E(labels)).Append('"');
        }

        html.Append(" data-value=\"").Append(value?.ToString("R", CultureInfo.InvariantCulture) ?? "null").Append("\">")
            .Append(value?.ToString("F2", CultureInfo.InvariantCulture) ?? "–").Append("</td>");
    }

    private static void ChangeCell(StringBuilder html, double? change) =>
        html.Append(change switch { null => "<td class=\"num na\"", > 0 => "<td class=\"num change-up\"", < 0 => "<td class=\"num change-down\"", _ => "<td class=\"num\"" })
            .Append(" data-metric=\"mIoUChange\" data-value=\"").Append(change?.ToString("R", CultureInfo.InvariantCulture) ?? "null").Append("\">")
            .Append(QualityChange.Format(change)).Append("</td>");

    private static string DataBlock(ReportModel model, IReadOnlyList<SampleRow> samples)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("pipeline", model.Run.Pipeline);
            json.WriteString("state", model.Run.State.ToString());
            json.WriteString("outcome", RunOutcome.Describe(model.Run));
            json.WriteStartArray("columns");
            foreach (var column in model.Columns)
            {
                json.WriteStringValue(column.Key);
            }

            json.WriteEndArray();
            json.WriteString("groundTruth", model.GroundTruthSource);
            json.WriteStartArray("rows");
            for (var r = 0; r < model.Rows.Count; r++)
            {
                var row = model.Rows[r];
                var m = row.Metrics;
                json.WriteStartObject();
                json.WriteString("labels", row.Labels);
                json.WriteString("evaluatedBy", m.EvaluatedBy);
                json.WriteString("name", m.Name);
                json.WriteString("scores", m.Scores);
                json.WriteString("metricsFile", m.Path);
                Number(json, "mIoU", m.MeanIoU);
                Number(json, "mIoUChange", QualityChange.MeanIoUChange(model.Rows, r));
                Number(json, "labelledMIoU", m.LabelledMeanIoU);
                Number(json, "pixelAccuracy", m.PixelAccuracy);
                Number(json, "labelledPixelAccuracy", m.LabelledPixelAccuracy);
                Number(json, "coverage", m.Coverage);
                Number(json, "images", m.Images);
                json.WriteStartArray("classes");
                foreach (var cls in m.Classes)
                {
                    json.WriteStartObject();
                    json.WriteNumber("id", cls.Id);
                    json.WriteString("name", cls.Name);
                    Number(json, "iou", cls.IoU);
                    Number(json, "labelledIoU", cls.LabelledIoU);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("samples");
            foreach (var sample in samples)
            {
                json.WriteStringValue(sample.Id);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        // The default encoder escapes <, > and &, so the block cannot close the script element early.
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
