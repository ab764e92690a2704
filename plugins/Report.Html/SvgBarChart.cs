using System.Globalization;
using System.Net;
using System.Text;

namespace SeCo.Plugins.HtmlReport;

/// <summary>Renders a grouped bar chart of percentages (0 to 100) as inline SVG: one group per category, one bar per series.</summary>
internal static class SvgBarChart
{
    private const int PlotHeight = 200;
    private const int Top = 34;
    private const int Left = 44;
    private const int Right = 16;
    private const int GroupGap = 14;

    public static string Render(string title, IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        var barWidth = series.Count <= 3 ? 18 : series.Count <= 5 ? 13 : 9;
        var groupWidth = (barWidth * Math.Max(1, series.Count)) + GroupGap;
        var longest = categories.Count == 0 ? 0 : categories.Max(c => c.Length);
        var rotate = longest * 7 > groupWidth;
        var bottom = rotate ? 16 + (int)(longest * 5.2) : 30;
        var legendWidth = series.Sum(s => LegendEntryWidth(s.Name));
        var width = Math.Max(Math.Max(360, Left + legendWidth + Right), Left + (categories.Count * groupWidth) + Right);
        var height = Top + PlotHeight + bottom;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{Encode(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Encode(title)}</title>");
        for (var tick = 0; tick <= 100; tick += 20)
        {
            var y = Y(tick);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{y}\" x2=\"{width - Right}\" y2=\"{y}\" class=\"grid\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4}\" text-anchor=\"end\" class=\"tick\">{tick}</text>");
        }

        var legendX = Left;
        foreach (var s in series)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{legendX}\" y=\"8\" width=\"12\" height=\"12\" fill=\"{s.Color}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{legendX + 16}\" y=\"18\" class=\"legend\">{Encode(s.Name)}</text>");
            legendX += LegendEntryWidth(s.Name);
        }

        for (var c = 0; c < categories.Count; c++)
        {
            var groupX = Left + (GroupGap / 2) + (c * groupWidth);
            for (var s = 0; s < series.Count; s++)
            {
                if (series[s].Values[c] is not { } value)
                {
                    continue;
                }

                var clamped = Math.Clamp(value, 0, 100);
                var y = Y(clamped);
                var text = value.ToString("F2", CultureInfo.InvariantCulture);
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{groupX + (s * barWidth)}\" y=\"{y:0.##}\" width=\"{barWidth - 1}\" height=\"{Top + PlotHeight - y:0.##}\" fill=\"{series[s].Color}\">");
                svg.Append(CultureInfo.InvariantCulture, $"<title>{Encode(series[s].Name)} · {Encode(categories[c])}: {text}</title></rect>");
            }

            var labelX = groupX + ((groupWidth - GroupGap) / 2.0);
            var labelY = Top + PlotHeight + 14;
            svg.Append(rotate
                ? string.Create(CultureInfo.InvariantCulture, $"<text x=\"{labelX:0.#}\" y=\"{labelY}\" text-anchor=\"end\" transform=\"rotate(-40 {labelX:0.#} {labelY})\" class=\"category\">{Encode(categories[c])}</text>")
                : string.Create(CultureInfo.InvariantCulture, $"<text x=\"{labelX:0.#}\" y=\"{labelY}\" text-anchor=\"middle\" class=\"category\">{Encode(categories[c])}</text>"));
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top + PlotHeight}\" x2=\"{width - Right}\" y2=\"{Top + PlotHeight}\" class=\"axis\"/>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static int LegendEntryWidth(string name) => 28 + (int)(name.Length * 6.5);

    private static double Y(double percent) => Top + (PlotHeight * (1 - (percent / 100)));

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
