using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace SeCo.Host.Running;

/// <summary>
/// Hands a finished run folder to the installed <see cref="IRunReporter"/>s (plugins register them, e.g. Report.Html's
/// <c>report.html</c>): at the end of every run, and for <c>seco report</c>. The host reads the folder
/// (<see cref="RunFolderReader"/>); what a report shows is the reporter's business.
/// </summary>
internal static class RunReports
{
    /// <summary>Reads the run folder once and lets every reporter write; returns the reports' paths.</summary>
    /// <exception cref="SeCo.Sdk.Errors.SeCoInputException">The folder is not a run folder, or a file a report needs cannot be read.</exception>
    public static IReadOnlyList<string> Write(IEnumerable<IRunReporter> reporters, string runFolder, RunReportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reporters);
        ArgumentNullException.ThrowIfNull(options);
        var list = reporters.ToList();
        if (list.Count == 0)
        {
            return [];
        }

        var run = RunFolderReader.Read(runFolder);
        return list.Select(reporter => reporter.Write(run, options, cancellationToken)).ToList();
    }

    /// <summary>
    /// Writes the reports at the end of a run. A report that cannot be written is logged as a warning and never fails
    /// the run: the run's results are complete without it, and <c>seco report</c> can write it later.
    /// </summary>
    public static void TryWrite(IEnumerable<IRunReporter> reporters, string runFolder, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(reporters);
        ArgumentNullException.ThrowIfNull(logger);
        var list = reporters.ToList();
        if (list.Count == 0)
        {
            return;
        }

        RunFolder run;
        try
        {
            run = RunFolderReader.Read(runFolder);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The run report could not be written ({Problem}); the run's results are not affected. Retry with: seco report {Folder}",
                ex.Message, runFolder);
            return;
        }

        foreach (var reporter in list)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var path = reporter.Write(run, new RunReportOptions(), CancellationToken.None);
                logger.LogInformation("Report written to {Path} in {Ms} ms", path, clock.ElapsedMilliseconds);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "The run report could not be written ({Problem}); the run's results are not affected. Retry with: seco report {Folder}",
                    ex.Message, runFolder);
            }
        }
    }
}
