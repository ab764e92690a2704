using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using SeCo.Host.Hosting;
using SeCo.Host.Plugins;
using Spectre.Console;

namespace SeCo.Host.Cli;

/// <summary>
/// The <c>seco</c> command line: parses arguments, sets up logging and the stage catalog, and runs one
/// command. Everything it touches from the outside (consoles, catalog loading, environment) is passed
/// in, so tests drive it like the real executable.
/// </summary>
internal sealed class SecoCli(
    IAnsiConsole output,
    TextWriter error,
    Func<IReadOnlyList<string>, ILogger, StageCatalog> loadCatalog,
    Func<string, string?> environment,
    string applicationDirectory,
    Action<ILoggingBuilder>? configureLogging = null)
{
    /// <summary>Environment variable holding extra plugins directories, separated by the platform's path separator.</summary>
    public const string PluginsVariable = "SECO_PLUGINS";

    /// <summary>
    /// The width tables are laid out in when standard output is a pipe or a file: Spectre.Console would assume 80
    /// columns and wrap; this lets every row keep its full length.
    /// </summary>
    public const int PipedWidth = 4096;

    /// <summary>The CLI wired to the process: stdout/stderr, the plugin loader, console logging to stderr.</summary>
    public static SecoCli CreateDefault() => new(
        UnwrappedWhenPiped(AnsiConsole.Console, Console.IsOutputRedirected),
        Console.Error,
        PluginLoader.Load,
        Environment.GetEnvironmentVariable,
        AppContext.BaseDirectory);

    /// <summary>The console, laid out <see cref="PipedWidth"/> columns wide when its output is redirected.</summary>
    public static IAnsiConsole UnwrappedWhenPiped(IAnsiConsole console, bool redirected)
    {
        if (redirected)
        {
            console.Profile.Width = PipedWidth;
        }

        return console;
    }

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (args.Count > 0 && args[0] == ReportCommand.Name)
        {
            return ReportCommand.Execute(args.Skip(1).ToList(), output.Profile.Out.Writer, error, LoadReporters, cancellationToken);
        }

        CommandLine commandLine;
        try
        {
            commandLine = CommandLineParser.Parse(args);
        }
        catch (UsageException ex)
        {
            error.WriteLine(ex.Message);
            error.WriteLine(CommandLineParser.Usage);
            return ExitCodes.InvalidUsage;
        }

        switch (commandLine.Command)
        {
            case "help":
                output.Profile.Out.Writer.WriteLine(CommandLineParser.Usage);
                return ExitCodes.Success;
            case "version":
                return VersionCommand.Execute(output.Profile.Out.Writer);
            case "doctor":
                return DoctorCommand.Execute(output.Profile.Out.Writer);
            case "submit" or "status" or "cancel":
                return await ClientCommands.ExecuteAsync(commandLine, output.Profile.Out.Writer, error, environment, cancellationToken).ConfigureAwait(false);
        }

        using var loggerFactory = LoggerFactory.Create(builder =>
        {
            if (configureLogging is null)
            {
                builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
                    .AddSimpleConsole(o =>
                    {
                        o.SingleLine = true;
                        o.TimestampFormat = "HH:mm:ss ";
                    });
            }
            else
            {
                configureLogging(builder);
            }

            builder.SetMinimumLevel(commandLine.Verbose ? LogLevel.Debug : commandLine.Quiet ? LogLevel.Warning : LogLevel.Information);
        });
        var logger = loggerFactory.CreateLogger("seco");

        IReadOnlyList<string> directories;
        StageCatalog catalog;
        try
        {
            directories = PluginDirectories(commandLine);
            var clock = Stopwatch.StartNew();
            catalog = loadCatalog(directories, logger);
            logger.LogDebug("Stage catalog built in {Ms} ms: {Count} stages from {Directories}", clock.ElapsedMilliseconds, catalog.Stages.Count, string.Join(", ", directories));
        }
        catch (Exception ex) when (ex is UsageException or PluginLoadException)
        {
            error.WriteLine(ex.Message);
            if (commandLine.Verbose && ex.InnerException is not null)
            {
                error.WriteLine(ex.InnerException.ToString());
            }

            return ExitCodes.InvalidUsage;
        }

        var session = new CliSession
        {
            CommandLine = commandLine,
            Out = output,
            Error = error,
            Catalog = catalog,
            LoggerFactory = loggerFactory,
            Environment = environment,
        };

        return commandLine.Command switch
        {
            "run" => await RunCommand.ExecuteAsync(session, cancellationToken).ConfigureAwait(false),
            "validate" => ValidateCommand.Execute(session),
            "graph" => GraphCommand.Execute(session),
            "plugins" => PluginsCommand.Execute(session),
            "schema" => SchemaCommand.Execute(session),
            "docs" => DocsCommand.Execute(session),
            "serve" => await ServeCommand.ExecuteAsync(session, cancellationToken).ConfigureAwait(false),
            "slurm" => await SlurmCommand.ExecuteAsync(session, cancellationToken).ConfigureAwait(false),
            "k8s" => KubernetesCommand.Execute(session),
            _ => throw new UnreachableException($"Command '{commandLine.Command}' parsed but not dispatched."),
        };
    }

    /// <summary>
    /// The run reporters the installed plugins register (<c>seco report</c>): the plugins are loaded as for a run, with
    /// warnings only on the console. Disposing the result releases the services they came from.
    /// </summary>
    private ReportCommand.Reporters LoadReporters()
    {
        var loggerFactory = LoggerFactory.Create(builder =>
        {
            if (configureLogging is null)
            {
                builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            }
            else
            {
                configureLogging(builder);
            }

            builder.SetMinimumLevel(LogLevel.Warning);
        });
        try
        {
            var catalog = loadCatalog(PluginDirectories(new CommandLine { Command = ReportCommand.Name }), loggerFactory.CreateLogger("seco"));
            var services = HostServices.Build(loggerFactory, new LazyTensorContext("cpu"), catalog.Startups);
            return new ReportCommand.Reporters(services.GetServices<IRunReporter>().ToList(), () =>
            {
                services.Dispose();
                loggerFactory.Dispose();
            });
        }
        catch
        {
            loggerFactory.Dispose();
            throw;
        }
    }

    /// <summary>The default plugins folder beside the executable (when present), then SECO_PLUGINS, then each --plugins.</summary>
    private List<string> PluginDirectories(CommandLine commandLine)
    {
        var directories = new List<string>();
        var beside = Path.Combine(applicationDirectory, "plugins");
        if (Directory.Exists(beside))
        {
            directories.Add(Path.GetFullPath(beside));
        }

        var fromEnvironment = environment(PluginsVariable)?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        foreach (var directory in fromEnvironment.Select(d => (Source: PluginsVariable, Path: d)).Concat(commandLine.PluginDirectories.Select(d => (Source: "--plugins", Path: d))))
        {
            var full = Path.GetFullPath(directory.Path);
            if (!Directory.Exists(full))
            {
                throw new UsageException($"Plugins directory {full} (from {directory.Source}) does not exist.");
            }

            if (!directories.Contains(full))
            {
                directories.Add(full);
            }
        }

        return directories;
    }
}
