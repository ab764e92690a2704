using System.Globalization;
using System.Net;
using System.Text;

namespace SeCo.Plugins.HtmlReport;

/// <summary>Renders curves over training steps as inline SVG: a shared step axis, a value axis from the curves' range, one polyline per curve.</summary>
internal static class SvgLineChart
{
    private const int Width = 560;
    private const int PlotHeight = 180;
    private const int Top = 30;
    private const int Left = 56;
    private const int Right = 16;
    private const int Bottom = 34;

    /// <summary>The curves, each with a name and colour; a long curve is thinned to at most <paramref name="maxPoints"/> points.</summary>
    public static string Render(string title, IReadOnlyList<(string Name, string Color, IReadOnlyList<(long Step, double Value)> Points)> curves, int maxPoints = 600)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var all = curves.SelectMany(c => c.Points).ToList();
        var (minStep, maxStep) = all.Count == 0 ? (0L, 1L) : (all.Min(p => p.Step), all.Max(p => p.Step));
        var (minValue, maxValue) = all.Count == 0 ? (0.0, 1.0) : (all.Min(p => p.Value), all.Max(p => p.Value));
        if (maxStep == minStep)
        {
            maxStep = minStep + 1;
        }

        if (maxValue - minValue < 1e-12)
        {
            (minValue, maxValue) = (minValue - 0.5, maxValue + 0.5);
        }

        var height = Top + PlotHeight + Bottom;
        double X(long step) => Left + ((Width - Left - Right) * (step - minStep) / (double)(maxStep - minStep));
        double Y(double value) => Top + (PlotHeight * (1 - ((value - minValue) / (maxValue - minValue))));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"{E(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{E(title)}</title>");
        for (var t = 0; t <= 4; t++)
        {
            var value = minValue + ((maxValue - minValue) * t / 4);
            var y = Y(value);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{y:0.##}\" x2=\"{Width - Right}\" y2=\"{y:0.##}\" class=\"grid\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:0.##}\" text-anchor=\"end\" class=\"tick\">{value.ToString("G3", CultureInfo.InvariantCulture)}</text>");
        }

        foreach (var step in new[] { minStep, maxStep })
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(step):0.##}\" y=\"{Top + PlotHeight + 16}\" text-anchor=\"middle\" class=\"tick\">{step}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Top + PlotHeight + 30}\" text-anchor=\"middle\" class=\"tick\">step</text>");
        var legendX = Left;
        foreach (var curve in curves)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{legendX}\" y=\"8\" width=\"12\" height=\"3\" fill=\"{curve.Color}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{legendX + 16}\" y=\"14\" class=\"legend\">{E(curve.Name)}</text>");
            legendX += 28 + (int)(curve.Name.Length * 6.5);
            var stride = Math.Max(1, (curve.Points.Count + maxPoints - 1) / maxPoints);
            var points = curve.Points.Where((_, i) => i % stride == 0 || i == curve.Points.Count - 1)
                .Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.Step):0.#},{Y(p.Value):0.#}"));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{curve.Color}\" stroke-width=\"1.5\" points=\"{string.Join(' ', points)}\">");
            svg.Append(CultureInfo.InvariantCulture, $"<title>{E(curve.Name)}: {curve.Points.Count} steps, last {curve.Points[^1].Value.ToString("G4", CultureInfo.InvariantCulture)}</title></polyline>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top + PlotHeight}\" x2=\"{Width - Right}\" y2=\"{Top + PlotHeight}\" class=\"axis\"/>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
