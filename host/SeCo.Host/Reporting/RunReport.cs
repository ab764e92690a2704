using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using SeCo.Sdk.IO;

namespace SeCo.Host.Reporting;

/// <summary>
/// Writes a run folder's <c>report.html</c>: reads the folder (<see cref="RunFolder"/>), finds what to show
/// (<see cref="ReportModelBuilder"/>), draws the sample panels (<see cref="SampleRenderer"/>) and writes the page
/// (<see cref="ReportHtmlWriter"/>) atomically.
/// </summary>
internal static class RunReport
{
    /// <summary>Writes the report and returns its path.</summary>
    /// <exception cref="SeCo.Sdk.Errors.SeCoInputException">The folder is not a run folder or its files cannot be read.</exception>
    public static string Write(string runFolder, ReportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ThumbnailWidth, 16);
        var run = RunFolder.Read(runFolder);
        var model = ReportModelBuilder.Build(run);
        var samples = SampleRenderer.Render(model, options, cancellationToken);
        var html = ReportHtmlWriter.Write(model, samples, options);
        var path = Path.GetFullPath(options.OutputPath ?? Path.Combine(run.Directory, ReportOptions.FileName));
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

    /// <summary>
    /// Writes the report at the end of a run. A report that cannot be written is logged as a warning and never fails
    /// the run: the run's results are complete without it, and <c>seco report</c> can write it later.
    /// </summary>
    /// <returns>The report's path, or null when it could not be written.</returns>
    public static string? TryWrite(string runFolder, ReportOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var clock = Stopwatch.StartNew();
        try
        {
            var path = Write(runFolder, options);
            logger.LogInformation("Report written to {Path} in {Ms} ms", path, clock.ElapsedMilliseconds);
            return path;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A report of an earlier run would describe the wrong run: remove it.
            var stale = Path.Combine(Path.GetFullPath(runFolder), options.OutputPath ?? ReportOptions.FileName);
            try
            {
                File.Delete(stale);
            }
            catch (Exception deleteError) when (deleteError is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("The previous report {Path} could not be removed: {Problem}", stale, deleteError.Message);
            }

            logger.LogWarning(ex, "The run report could not be written ({Problem}); the run's results are not affected. Retry with: seco report {Folder}",
                ex.Message, runFolder);
            return null;
        }
    }
}
