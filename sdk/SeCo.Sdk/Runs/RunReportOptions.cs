namespace SeCo.Sdk.Runs;

/// <summary>What an <see cref="IRunReporter"/> renders and where it writes (<c>seco report --samples --thumbnail-width --out</c>).</summary>
public sealed record RunReportOptions
{
    /// <summary>How many images get side-by-side panels (spread evenly over the image set).</summary>
    public int Samples { get; init; } = 6;

    /// <summary>The width of every panel in pixels; larger images are downscaled, smaller ones kept.</summary>
    public int ThumbnailWidth { get; init; } = 320;

    /// <summary>Where to write the report; null means the reporter's own file name inside the run folder.</summary>
    public string? OutputPath { get; init; }
}
