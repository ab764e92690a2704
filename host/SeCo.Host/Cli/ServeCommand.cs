using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SeCo.Host.Daemon;

namespace SeCo.Host.Cli;

/// <summary>
/// <c>seco serve</c>: runs the daemon until SIGINT/SIGTERM. Refuses to bind a non-loopback address
/// without a bearer token (from <c>SECO_TOKEN</c> or <c>--token-file</c>).
/// </summary>
internal static class ServeCommand
{
    public static async Task<int> ExecuteAsync(CliSession session, CancellationToken cancellationToken)
    {
        DaemonOptions options;
        try
        {
            options = ReadOptions(session);
        }
        catch (UsageException ex)
        {
            session.Error.WriteLine(ex.Message);
            return ExitCodes.InvalidUsage;
        }

        var verbose = session.CommandLine.Verbose;
        await using var app = DaemonServer.Build(options, session.Catalog, logging => logging
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            })
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information)
            .AddFilter("Microsoft.AspNetCore", verbose ? LogLevel.Information : LogLevel.Warning));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            session.Error.WriteLine($"Cannot listen on {options.Urls}: {ex.Message}");
            return ExitCodes.InvalidUsage;
        }

        session.Error.WriteLine($"seco daemon listening on {options.Urls} (state {options.StateDirectory}; data roots {string.Join(", ", options.DataRoots)}; model memory {ByteSize.Format(options.ModelMemoryBudgetBytes)}; {session.Catalog.Stages.Count} stages{(options.Token is null ? "" : "; bearer token required")})");
        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static DaemonOptions ReadOptions(CliSession session)
    {
        var commandLine = session.CommandLine;
        var urls = commandLine.Urls ?? DaemonOptions.DefaultUrls;
        bool loopback;
        try
        {
            var split = BindAddresses.Split(urls);
            if (split.Count == 0)
            {
                throw new UsageException("--urls: no address given.");
            }

            loopback = split.All(BindAddresses.IsLoopback);
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }

        var token = session.Environment(DaemonOptions.TokenVariable);
        if (commandLine.TokenFile is { } tokenFile)
        {
            var full = Path.GetFullPath(tokenFile);
            if (!File.Exists(full))
            {
                throw new UsageException($"--token-file {full}: no such file.");
            }

            token = File.ReadAllText(full).Trim();
        }

        if (token is not null && string.IsNullOrWhiteSpace(token))
        {
            throw new UsageException($"The bearer token (from {(commandLine.TokenFile is null ? DaemonOptions.TokenVariable : "--token-file")}) is empty.");
        }

        if (!loopback && token is null)
        {
            throw new UsageException(
                $"Refusing to listen on {urls} without a token: a non-loopback address needs a bearer token in {DaemonOptions.TokenVariable} or --token-file.");
        }

        var stateDirectory = Path.GetFullPath(commandLine.StateDirectory
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "seco"));
        var dataRoots = commandLine.DataRoots.Count == 0 ? [stateDirectory] : commandLine.DataRoots.Select(Path.GetFullPath).ToList();
        foreach (var root in dataRoots.Where(r => !Directory.Exists(r) && r != stateDirectory))
        {
            throw new UsageException($"--data-root {root}: no such folder.");
        }

        long modelBudget;
        try
        {
            modelBudget = commandLine.ModelMemoryBudget is { } budget ? ByteSize.Parse(budget) : DaemonOptions.DefaultModelMemoryBudgetBytes();
        }
        catch (FormatException ex)
        {
            throw new UsageException($"--model-memory-budget: {ex.Message}");
        }

        return new DaemonOptions
        {
            ModelMemoryBudgetBytes = modelBudget,
            Urls = urls,
            StateDirectory = stateDirectory,
            DataRoots = dataRoots,
            MaxConcurrentRuns = commandLine.MaxConcurrentRuns,
            Token = token,
        };
    }
}
