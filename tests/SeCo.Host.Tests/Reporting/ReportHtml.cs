using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using SeCo.Plugins.HtmlReport;

namespace SeCo.Host.Tests.Reporting;

/// <summary>Reads back what a report shows: the numeric table cells, the JSON data block, the images.</summary>
internal sealed partial class ReportHtml(string html)
{
    public string Text { get; } = html;

    public static ReportHtml Load(string path) => new(File.ReadAllText(path));

    /// <summary>The summary table: (label set, metric) → (stored value, shown text).</summary>
    public Dictionary<(string Labels, string Metric), (double? Value, string Shown)> SummaryCells()
    {
        var table = SummaryTable().Match(Text);
        table.Success.Should().BeTrue("the report has a summary table");
        var cells = new Dictionary<(string, string), (double?, string)>();
        foreach (Match row in SummaryRow().Matches(table.Value))
        {
            foreach (Match cell in NumberCell().Matches(row.Groups["cells"].Value))
            {
                cells[(WebUtility.HtmlDecode(row.Groups["labels"].Value), cell.Groups["metric"].Value)] = (Parse(cell.Groups["value"].Value), cell.Groups["shown"].Value);
            }
        }

        return cells;
    }

    /// <summary>The per-class table: (class id, label set) → (stored value, shown text).</summary>
    public Dictionary<(int Class, string Labels), (double? Value, string Shown)> ClassCells()
    {
        var cells = new Dictionary<(int, string), (double?, string)>();
        foreach (Match row in ClassRow().Matches(Text))
        {
            foreach (Match cell in ClassCell().Matches(row.Groups["cells"].Value))
            {
                cells[(int.Parse(row.Groups["class"].Value, CultureInfo.InvariantCulture), WebUtility.HtmlDecode(cell.Groups["labels"].Value))] =
                    (Parse(cell.Groups["value"].Value), cell.Groups["shown"].Value);
            }
        }

        return cells;
    }

    /// <summary>The JSON data block.</summary>
    public JsonDocument DataBlock()
    {
        var match = DataBlockPattern().Match(Text);
        match.Success.Should().BeTrue("the report embeds its data block");
        return JsonDocument.Parse(match.Groups[1].Value);
    }

    /// <summary>The src of every img element.</summary>
    public IReadOnlyList<string> ImageSources() => ImagePattern().Matches(Text).Select(m => m.Groups[1].Value).ToList();

    /// <summary>The figure captions (HTML decoded, tags removed).</summary>
    public IReadOnlyList<string> Captions() =>
        CaptionPattern().Matches(Text).Select(m => WebUtility.HtmlDecode(TagPattern().Replace(m.Groups[1].Value, " ")).Trim()).ToList();

    /// <summary>The sample headings (image ids) in order.</summary>
    public IReadOnlyList<string> SampleIds() => SampleHeading().Matches(Text).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    /// <summary>How a value of metrics.json is expected to be shown: two decimals, a dash when null.</summary>
    public static string Shown(double? value) => value?.ToString("F2", CultureInfo.InvariantCulture) ?? "–";

    private static double? Parse(string value) => value == "null" ? null : double.Parse(value, CultureInfo.InvariantCulture);

    [GeneratedRegex("<table id=\"summary\">.*?</table>", RegexOptions.Singleline)]
    private static partial Regex SummaryTable();

    [GeneratedRegex("<tr data-labels=\"(?<labels>[^\"]*)\">(?<cells>.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex SummaryRow();

    [GeneratedRegex("<td class=\"num[^\"]*\" data-metric=\"(?<metric>[^\"]+)\" data-value=\"(?<value>[^\"]+)\">(?<shown>[^<]*)</td>")]
    private static partial Regex NumberCell();

    [GeneratedRegex("<tr data-class=\"(?<class>\\d+)\">(?<cells>.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex ClassRow();

    [GeneratedRegex("<td class=\"num[^\"]*\" data-metric=\"iou\" data-labels=\"(?<labels>[^\"]*)\" data-value=\"(?<value>[^\"]+)\">(?<shown>[^<]*)</td>")]
    private static partial Regex ClassCell();

    [GeneratedRegex("<script type=\"application/json\" id=\"" + ReportHtmlWriter.DataBlockId + "\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DataBlockPattern();

    [GeneratedRegex("<img [^>]*src=\"([^\"]*)\"")]
    private static partial Regex ImagePattern();

    [GeneratedRegex("<figcaption>(.*?)</figcaption>", RegexOptions.Singleline)]
    private static partial Regex CaptionPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();

    [GeneratedRegex("<h3>([^<]*)</h3><div class=\"sample\">")]
    private static partial Regex SampleHeading();
}
