namespace SeCo.Sdk.Runs;

/// <summary>
/// Writes a report of a finished run (e.g. <c>report.html</c>). A plugin offers one by registering it in its
/// <see cref="SeCo.Sdk.Stages.IPluginStartup"/> (<c>services.AddSingleton&lt;IRunReporter, MyReporter&gt;()</c>); the host
/// calls every registered reporter at the end of each run and for <c>seco report RUN_FOLDER</c>.
/// </summary>
public interface IRunReporter
{
    /// <summary>
    /// Writes the report atomically and returns its full path. A reporter that fails removes its previous report of
    /// the folder first (it would describe another run); the host then logs the failure and the run is not affected.
    /// </summary>
    /// <param name="run">The run, as the host read it from its folder.</param>
    /// <param name="options">What to render and where to write it.</param>
    /// <param name="cancellationToken">Stops the rendering between items.</param>
    /// <exception cref="SeCo.Sdk.Errors.SeCoInputException">A file the report needs cannot be read.</exception>
    string Write(RunFolder run, RunReportOptions options, CancellationToken cancellationToken);
}
