using System.Text;
using SeCo.Sdk.IO;
using SeCo.Sdk.Runs;

namespace SeCo.Plugins.HtmlReport;

/// <summary>
/// Writes a run folder's <c>report.html</c>: finds what to show in the run the host read (<see cref="ReportModelBuilder"/>),
/// draws the sample panels (<see cref="SampleRenderer"/>) and writes the page (<see cref="ReportHtmlWriter"/>) atomically.
/// </summary>
internal sealed class RunReport : IRunReporter
{
    /// <summary>The file name of the report inside a run folder.</summary>
    public const string FileName = "report.html";

    /// <inheritdoc/>
    public string Write(RunFolder run, RunReportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return WriteReport(run, options, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A report of an earlier run would describe the wrong run: remove it (the host logs the failure).
            var previous = Path.Combine(run.Directory, options.OutputPath ?? FileName);
            try
            {
                File.Delete(previous);
            }
            catch (Exception deleteError) when (deleteError is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"{ex.Message} The previous report {previous} could not be removed either: {deleteError.Message}", ex);
            }

            throw;
        }
    }

    private static string WriteReport(RunFolder run, RunReportOptions options, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ThumbnailWidth, 16);
        var model = ReportModelBuilder.Build(run);
        var samples = SampleRenderer.Render(model, options, cancellationToken);
        var html = ReportHtmlWriter.Write(model, samples, options);
        var path = Path.GetFullPath(options.OutputPath ?? Path.Combine(run.Directory, FileName));
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);

        // A run killed while writing its report leaves the temp file behind; the next report removes it.
        var stale = Path.GetFileNameWithoutExtension(path) + AtomicFile.TempMarker + "*" + Path.GetExtension(path);
        foreach (var leftover in Directory.EnumerateFiles(folder, stale))
        {
            File.Delete(leftover);
        }

        AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(html));
        return path;
    }
}
