using System.Globalization;
using SeCo.Host.Plugins;
using SeCo.Host.Running;
using SeCo.Sdk.Errors;

namespace SeCo.Host.Cli;

/// <summary>
/// <c>seco report RUN_FOLDER [--out FILE] [--samples N] [--thumbnail-width PX]</c>: writes the run folder's
/// <c>report.html</c> again from what the folder holds: the host reads the folder and hands it to the reporters the
/// installed plugins register (<see cref="IRunReporter"/>; nothing is run).
/// </summary>
internal static class ReportCommand
{
    public const string Name = "report";

    public const string Usage = "seco report RUN_FOLDER [--out FILE] [--samples N] [--thumbnail-width PX]";

    /// <summary>Parses the arguments after <c>report</c> and writes the report.</summary>
    /// <param name="args">The arguments after <c>report</c>.</param>
    /// <param name="output">Receives the reports' paths.</param>
    /// <param name="error">Receives usage and input errors.</param>
    /// <param name="loadReporters">Loads the installed plugins' reporters (after the arguments are checked).</param>
    /// <param name="cancellationToken">Stops the rendering.</param>
    public static int Execute(IReadOnlyList<string> args, TextWriter output, TextWriter error, Func<Reporters> loadReporters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loadReporters);
        string? folder = null;
        var options = new RunReportOptions();
        try
        {
            for (var i = 0; i < args.Count; i++)
            {
                var arg = args[i];
                if (!arg.StartsWith("--", StringComparison.Ordinal))
                {
                    folder = folder is null ? arg : throw new UsageException($"Unexpected argument '{arg}': seco report takes one run folder.");
                    continue;
                }

                var name = arg[2..];
                string? inline = null;
                if (name.IndexOf('=', StringComparison.Ordinal) is var equals and >= 0)
                {
                    inline = name[(equals + 1)..];
                    name = name[..equals];
                }

                if (name is "help")
                {
                    output.WriteLine(Usage);
                    return ExitCodes.Success;
                }

                if (name is not ("out" or "samples" or "thumbnail-width"))
                {
                    throw new UsageException($"'seco report' has no option '--{name}'; expected --out, --samples or --thumbnail-width.");
                }

                var value = inline ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"--{name} needs a value."));
                options = name switch
                {
                    "out" => options with { OutputPath = value },
                    "samples" => options with { Samples = WholeNumber(name, value, 0, 1000) },
                    _ => options with { ThumbnailWidth = WholeNumber(name, value, 16, 4096) },
                };
            }

            if (folder is null)
            {
                throw new UsageException("'seco report' needs the run folder (the pipeline's workspace, e.g. runs/demo).");
            }
        }
        catch (UsageException ex)
        {
            error.WriteLine(ex.Message);
            error.WriteLine("Usage: " + Usage);
            return ExitCodes.InvalidUsage;
        }

        try
        {
            using var reporters = loadReporters();
            if (reporters.Installed.Count == 0)
            {
                error.WriteLine("No installed plugin writes run reports (the Report.Html plugin does); check the plugins folder beside seco, SECO_PLUGINS.");
                return ExitCodes.InvalidUsage;
            }

            foreach (var path in RunReports.Write(reporters.Installed, folder, options, cancellationToken))
            {
                output.WriteLine(path);
            }

            return ExitCodes.Success;
        }
        catch (Exception ex) when (ex is UsageException or PluginLoadException)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.InvalidUsage;
        }
        catch (SeCoInputException ex)
        {
            error.WriteLine(ex.Describe());
            return ExitCodes.InvalidUsage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Cancelled;
        }
    }

    /// <summary>The installed reporters and what releases them (the services and loggers they were created from).</summary>
    internal sealed class Reporters(IReadOnlyList<IRunReporter> installed, Action release) : IDisposable
    {
        /// <summary>The reporters, in plugin load order.</summary>
        public IReadOnlyList<IRunReporter> Installed { get; } = installed;

        /// <inheritdoc/>
        public void Dispose() => release();
    }

    private static int WholeNumber(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new UsageException($"--{name} '{value}': expected a whole number from {min} to {max}.");
}
