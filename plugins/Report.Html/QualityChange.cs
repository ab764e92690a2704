namespace SeCo.Plugins.HtmlReport;

/// <summary>The quality table's change column: each row's mIoU minus the previous row's (the label set before it in pipeline order).</summary>
internal static class QualityChange
{
    /// <summary>mIoU of row <paramref name="index"/> minus that of row <paramref name="index"/> − 1; null for the first row or a missing value.</summary>
    public static double? MeanIoUChange(IReadOnlyList<MetricsRow> rows, int index)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return index > 0 && rows[index].Metrics.MeanIoU is { } current && rows[index - 1].Metrics.MeanIoU is { } previous
            ? current - previous
            : null;
    }

    /// <summary>The change as shown: a sign and two decimals (<c>+14.05</c>, <c>−8.68</c>), or an en dash when there is none.</summary>
    public static string Format(double? change) => change switch
    {
        null => "–",
        > 0 => "+" + change.Value.ToString("F2", System.Globalization.CultureInfo.InvariantCulture),
        < 0 => "−" + (-change.Value).ToString("F2", System.Globalization.CultureInfo.InvariantCulture),
        _ => "0.00",
    };
}
