using Microsoft.Extensions.Logging;
using SeCo.Host.Hosting;
using SeCo.Host.Pipelines;
using SeCo.Host.Planning;
using SeCo.Host.Plugins;
using Spectre.Console;

namespace SeCo.Host.Cli;

/// <summary>What every command works with: the command line, the consoles, the stage catalog, logging.</summary>
internal sealed class CliSession
{
    public required CommandLine CommandLine { get; init; }

    /// <summary>Standard output (tables, progress, graph text).</summary>
    public required IAnsiConsole Out { get; init; }

    /// <summary>Standard error (validation errors, failures).</summary>
    public required TextWriter Error { get; init; }

    public required StageCatalog Catalog { get; init; }

    public required ILoggerFactory LoggerFactory { get; init; }

    public required Func<string, string?> Environment { get; init; }

    /// <summary>Writes plain text to standard output, bypassing markup and wrapping.</summary>
    public TextWriter Text => Out.Profile.Out.Writer;

    public PipelineLoadResult LoadPipeline() =>
        PipelineLoader.Load(CommandLine.PipelinePath, CommandLine.Sets, Catalog, Environment);

    /// <summary>Prints every validation error (<c>file:line:column: path: message</c>) and returns exit code 2.</summary>
    public int ReportInvalid(PipelineLoadResult result)
    {
        foreach (var error in result.Errors)
        {
            Error.WriteLine(error with { File = error.File is null ? null : Path.GetRelativePath(Directory.GetCurrentDirectory(), error.File) });
        }

        Error.WriteLine(result.Errors.Count == 1 ? "1 problem found; nothing was run." : $"{result.Errors.Count} problems found; nothing was run.");
        return ExitCodes.InvalidUsage;
    }

    /// <summary>
    /// The tensor context for the pipeline's <c>device</c>, or null after printing why it cannot be had (an unknown
    /// name, or <c>cuda</c> where this libtorch has no CUDA or the machine no GPU): checked before anything runs.
    /// </summary>
    public LazyTensorContext? CreateTensorContext(PipelinePlan plan)
    {
        try
        {
            return new LazyTensorContext(plan.Definition.Device);
        }
        catch (ArgumentException ex)
        {
            var hint = plan.Definition.Device.Trim().StartsWith("cuda", StringComparison.OrdinalIgnoreCase)
                ? $" In use: {LibTorchRuntime.Describe()}; 'seco doctor' shows what it sees, '--libtorch DIR' runs on a CUDA PyTorch."
                : "";
            Error.WriteLine($"{plan.Definition.FilePath}: $.device: {ex.Message}{hint}");
            return null;
        }
    }
}
