namespace SeCo.Host.Reporting;

/// <summary>What <see cref="RunReport"/> renders and where it writes it.</summary>
internal sealed record ReportOptions
{
    /// <summary>The file name of the report inside a run folder.</summary>
    public const string FileName = "report.html";

    /// <summary>How many images get side-by-side panels (spread evenly over the image set).</summary>
    public int Samples { get; init; } = 6;

    /// <summary>The width of every panel in pixels; larger images are downscaled, smaller ones kept.</summary>
    public int ThumbnailWidth { get; init; } = 320;

    /// <summary>Where to write the report; null means <c>&lt;run folder&gt;/report.html</c>.</summary>
    public string? OutputPath { get; init; }
}
