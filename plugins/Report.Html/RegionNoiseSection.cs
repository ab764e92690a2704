using System.Globalization;
using System.Net;
using System.Text;

namespace SeCo.Plugins.HtmlReport;

/// <summary>
/// The report section of SCC-LD (one block per <c>scc_ld.json</c>): the normalised region-loss histogram stacked by
/// decision with the two fitted Gaussian components and τ_ns on the loss axis (inline SVG), and tables of the
/// regions and pixels kept, relabelled and dropped and of the mixture. Table cells carry the stored value in
/// <c>data-value</c>.
/// </summary>
internal static class RegionNoiseSection
{
    private const int PlotWidth = 600;
    private const int PlotHeight = 220;
    private const int Top = 34;
    private const int Left = 52;
    private const int Right = 16;
    private const int Bottom = 40;
    private const int CurvePoints = 240;

    /// <summary>Decision colours (kept, relabelled, dropped) and the two components' curve colours.</summary>
    private static readonly string[] s_decisionColors = ["#59a14f", "#4e79a7", "#e15759"];
    private static readonly string[] s_componentColors = ["#1b7837", "#b2182b"];

    /// <summary>Appends the section; nothing when there are no summaries.</summary>
    public static void Write(StringBuilder html, IReadOnlyList<RegionNoiseSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(summaries);
        if (summaries.Count == 0)
        {
            return;
        }

        html.Append("<section id=\"scc-ld\"><h2>SCC decision (region-loss mixture)</h2>");
        html.Append("<p class=\"muted\">Each region's loss under the early-trained region classifier, min-max normalised over all regions. ")
            .Append("A two-component Gaussian mixture gives each region a noise probability η (the posterior of the larger-mean component): ")
            .Append("η below τ_ns keeps the pseudo-label, η above τ_ns relabels to the classifier's class when its probability exceeds τ_cr, else the region is dropped (255).</p>");
        foreach (var summary in summaries)
        {
            WriteOne(html, summary);
        }

        html.Append("</section>\n");
    }

    private static void WriteOne(StringBuilder html, RegionNoiseSummary s)
    {
        html.Append("<div class=\"scc-ld\" data-stage=\"").Append(E(s.StageId)).Append("\"><h3>").Append(E(s.StageId)).Append("</h3>");
        html.Append(Chart(s));
        html.Append("<table class=\"scc-ld-decisions\"><thead><tr><th>decision</th><th>regions</th><th>% regions</th><th>pixels</th><th>% pixels</th></tr></thead><tbody>");
        for (var d = 0; d < RegionNoiseSummary.Decisions.Length; d++)
        {
            var name = RegionNoiseSummary.Decisions[d];
            html.Append("<tr data-decision=\"").Append(name).Append("\"><td><span class=\"swatch\" style=\"background:").Append(s_decisionColors[d]).Append("\"></span>")
                .Append(name).Append("</td>");
            Count(html, "regions", s.DecisionRegions[d]);
            Percent(html, s.DecisionRegions[d], s.Regions);
            Count(html, "pixels", s.DecisionPixels[d]);
            Percent(html, s.DecisionPixels[d], s.Pixels);
            html.Append("</tr>");
        }

        html.Append("<tr data-decision=\"relabelledChanged\"><td>relabelled to another class</td>");
        Count(html, "regions", s.ChangedRegions);
        Percent(html, s.ChangedRegions, s.Regions);
        Count(html, "pixels", s.ChangedPixels);
        Percent(html, s.ChangedPixels, s.Pixels);
        html.Append("</tr><tr data-decision=\"all\"><td>all</td>");
        Count(html, "regions", s.Regions);
        html.Append("<td></td>");
        Count(html, "pixels", s.Pixels);
        html.Append("<td></td></tr></tbody></table>");

        html.Append("<table class=\"scc-ld-model\"><tbody>");
        Row(html, "noiseThreshold", "τ_ns (keep when η is below)", s.NoiseThreshold);
        Row(html, "correctionThreshold", "τ_cr (relabel when the class probability exceeds)", s.CorrectionThreshold);
        Row(html, "lossMin", "smallest loss (normalised 0)", s.LossMin);
        Row(html, "lossMax", "largest loss (normalised 1)", s.LossMax);
        if (s.Fallback != "none")
        {
            html.Append("<tr><td>mixture</td><td data-field=\"fallback\">not fitted (").Append(E(s.Fallback)).Append("): every region keeps its pseudo-label</td></tr>");
        }

        if (s.Iterations is { } iterations)
        {
            html.Append("<tr><td>EM iterations</td><td class=\"num\" data-field=\"iterations\" data-value=\"").Append(iterations.ToString(CultureInfo.InvariantCulture)).Append("\">")
                .Append(iterations.ToString(CultureInfo.InvariantCulture)).Append(s.Converged == true ? " (converged)" : " (not converged)").Append("</td></tr>");
        }

        for (var k = 0; k < s.Means.Count; k++)
        {
            var role = k == s.NoisyComponent ? "noisy" : "clean";
            Row(html, $"weight{k}", $"component {k} ({role}) weight", s.Weights[k]);
            Row(html, $"mean{k}", $"component {k} ({role}) mean", s.Means[k]);
            Row(html, $"variance{k}", $"component {k} ({role}) variance", s.Variances[k]);
        }

        for (var i = 0; i < s.NoiseThresholdLosses.Count; i++)
        {
            Row(html, $"noiseThresholdLoss{i}", "normalised loss where η = τ_ns", s.NoiseThresholdLosses[i]);
        }

        html.Append("</tbody></table></div>");
    }

    private static string Chart(RegionNoiseSummary s)
    {
        var bins = s.Histogram[0].Count;
        var totals = Enumerable.Range(0, bins).Select(b => s.Histogram.Sum(h => h[b])).ToArray();
        var binWidth = 1.0 / Math.Max(1, bins);
        // A component's expected regions per bin: N · bin width · π_k · N(x; μ_k, σ²_k).
        var curves = new double[s.Means.Count][];
        for (var k = 0; k < curves.Length; k++)
        {
            curves[k] = new double[CurvePoints + 1];
            for (var i = 0; i <= CurvePoints; i++)
            {
                var x = (double)i / CurvePoints;
                var d = x - s.Means[k];
                curves[k][i] = s.Regions * binWidth * s.Weights[k] * Math.Exp(-0.5 * d * d / s.Variances[k]) / Math.Sqrt(2 * Math.PI * s.Variances[k]);
            }
        }

        var maxBar = Math.Max(1, totals.Length == 0 ? 0 : totals.Max());
        var maxCurve = curves.Length == 0 ? 0 : curves.Max(c => c.Max());
        // Rounded up to a multiple of 4 so the four grid steps are whole region counts.
        var yMax = Math.Ceiling(Math.Max(maxBar, Math.Min(maxCurve, 2.0 * maxBar)) / 4) * 4;
        var width = Left + PlotWidth + Right;
        var height = Top + PlotHeight + Bottom;
        double X(double loss) => Left + (PlotWidth * loss);
        double Y(double count) => Top + (PlotHeight * (1 - (Math.Min(count, yMax) / yMax)));
        var title = $"{s.StageId}: normalised region losses by decision, fitted components and τ_ns";
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{E(title)}\"><title>{E(title)}</title>");
        for (var t = 0; t <= 4; t++)
        {
            var count = yMax * t / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Y(count):0.##}\" x2=\"{Left + PlotWidth}\" y2=\"{Y(count):0.##}\" class=\"grid\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Y(count) + 4:0.##}\" text-anchor=\"end\" class=\"tick\">{count:0}</text>");
        }

        for (var t = 0; t <= 10; t += 2)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(t / 10.0):0.##}\" y=\"{Top + PlotHeight + 14}\" text-anchor=\"middle\" class=\"tick\">{t / 10.0:0.0}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (PlotWidth / 2)}\" y=\"{height - 6}\" text-anchor=\"middle\" class=\"category\">normalised loss (0 = {s.LossMin:0.####}, 1 = {s.LossMax:0.####}); regions per bin</text>");
        for (var b = 0; b < bins; b++)
        {
            double stacked = 0;
            for (var d = 0; d < s.Histogram.Count; d++)
            {
                var n = s.Histogram[d][b];
                if (n == 0)
                {
                    continue;
                }

                var y0 = Y(stacked);
                var y1 = Y(stacked + n);
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{X(b * binWidth) + 0.5:0.##}\" y=\"{y1:0.##}\" width=\"{Math.Max(0.5, (PlotWidth * binWidth) - 1):0.##}\" height=\"{y0 - y1:0.##}\" fill=\"{s_decisionColors[d]}\">");
                svg.Append(CultureInfo.InvariantCulture, $"<title>{RegionNoiseSummary.Decisions[d]} · loss {b * binWidth:0.##}–{(b + 1) * binWidth:0.##}: {n}</title></rect>");
                stacked += n;
            }
        }

        for (var k = 0; k < curves.Length; k++)
        {
            var points = string.Join(' ', curves[k].Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"{X((double)i / CurvePoints):0.##},{Y(v):0.##}")));
            var role = k == s.NoisyComponent ? "noisy" : "clean";
            svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{points}\" fill=\"none\" stroke=\"{s_componentColors[k == s.NoisyComponent ? 1 : 0]}\" stroke-width=\"2\"><title>component {k} ({role}): weight {s.Weights[k]:0.####}, mean {s.Means[k]:0.####}, variance {s.Variances[k]:0.####}</title></polyline>");
        }

        foreach (var x in s.NoiseThresholdLosses)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(x):0.##}\" y1=\"{Top}\" x2=\"{X(x):0.##}\" y2=\"{Top + PlotHeight}\" stroke=\"#333\" stroke-dasharray=\"5 4\"><title>η = τ_ns = {s.NoiseThreshold} at normalised loss {x:0.####}</title></line>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(x) + 4:0.##}\" y=\"{Top + 12}\" class=\"legend\">η = {s.NoiseThreshold}</text>");
        }

        var legendX = Left;
        for (var d = 0; d < RegionNoiseSummary.Decisions.Length; d++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{legendX}\" y=\"8\" width=\"12\" height=\"12\" fill=\"{s_decisionColors[d]}\"/><text x=\"{legendX + 16}\" y=\"18\" class=\"legend\">{RegionNoiseSummary.Decisions[d]}</text>");
            legendX += 100;
        }

        if (curves.Length > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{legendX}\" y1=\"14\" x2=\"{legendX + 14}\" y2=\"14\" stroke=\"{s_componentColors[0]}\" stroke-width=\"2\"/><text x=\"{legendX + 18}\" y=\"18\" class=\"legend\">clean component</text>");
            legendX += 120;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{legendX}\" y1=\"14\" x2=\"{legendX + 14}\" y2=\"14\" stroke=\"{s_componentColors[1]}\" stroke-width=\"2\"/><text x=\"{legendX + 18}\" y=\"18\" class=\"legend\">noisy component</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top + PlotHeight}\" x2=\"{Left + PlotWidth}\" y2=\"{Top + PlotHeight}\" class=\"axis\"/></svg>");
        return svg.ToString();
    }

    private static void Count(StringBuilder html, string field, long value) =>
        html.Append("<td class=\"num\" data-field=\"").Append(field).Append("\" data-value=\"").Append(value.ToString(CultureInfo.InvariantCulture)).Append("\">")
            .Append(value.ToString("N0", CultureInfo.InvariantCulture)).Append("</td>");

    private static void Percent(StringBuilder html, long part, long whole) =>
        html.Append("<td class=\"num\">").Append(whole == 0 ? "–" : (100.0 * part / whole).ToString("F1", CultureInfo.InvariantCulture)).Append("</td>");

    private static void Row(StringBuilder html, string field, string label, double value) =>
        html.Append("<tr><td>").Append(E(label)).Append("</td><td class=\"num\" data-field=\"").Append(field).Append("\" data-value=\"")
            .Append(value.ToString("R", CultureInfo.InvariantCulture)).Append("\">").Append(value.ToString("G6", CultureInfo.InvariantCulture)).Append("</td></tr>");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
