using System.Globalization;
using SeCo.Host.Reporting;
using SeCo.Sdk.Errors;

namespace SeCo.Host.Cli;

/// <summary>
/// <c>seco report RUN_FOLDER [--out FILE] [--samples N] [--thumbnail-width PX]</c>: writes the run folder's
/// <c>report.html</c> again from what the folder holds (no plugins are loaded and nothing is run).
/// </summary>
internal static class ReportCommand
{
    public const string Name = "report";

    public const string Usage = "seco report RUN_FOLDER [--out FILE] [--samples N] [--thumbnail-width PX]";

    /// <summary>Parses the arguments after <c>report</c> and writes the report.</summary>
    public static int Execute(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        string? folder = null;
        var options = new ReportOptions();
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
            var path = RunReport.Write(folder, options, cancellationToken);
            output.WriteLine(path);
            return ExitCodes.Success;
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

    private static int WholeNumber(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new UsageException($"--{name} '{value}': expected a whole number from {min} to {max}.");
}
