using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
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

        // One daemon per state folder: a second one would run the same queue and write the same database.
        using var stateLock = StateDirectoryLock.TryAcquire(options.StateDirectory, out var lockError);
        if (stateLock is null)
        {
            session.Error.WriteLine(lockError);
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
            .AddFilter("Microsoft.AspNetCore", verbose ? LogLevel.Information : LogLevel.Warning)
            // The host logs a failed start with its stack trace; seco prints one line for it (the trace with --verbose).
            .AddFilter("Microsoft.Extensions.Hosting.Internal.Host", verbose ? LogLevel.Information : LogLevel.None));

        // The token rule applies to every address Kestrel will bind, not only to --urls.
        var configured = DaemonServer.ConfiguredEndpoints(app.Configuration);
        if (options.Token is null && configured.FirstOrDefault(url => !IsLoopback(url)) is { } exposed)
        {
            session.Error.WriteLine(
                $"Refusing to listen on {exposed} (a Kestrel endpoint from the configuration: appsettings.json in {options.StateDirectory} or Kestrel__Endpoints__* in the environment) without a token: a non-loopback address needs a bearer token in {DaemonOptions.TokenVariable} or --token-file.");
            return ExitCodes.InvalidUsage;
        }

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Address in use, permission denied, a malformed URL, a certificate Kestrel cannot load: one line, exit 2.
            session.Error.WriteLine($"Cannot listen on {string.Join(";", [options.Urls, .. configured])}: {ex.GetBaseException().Message}");
            if (verbose)
            {
                session.Error.WriteLine(ex.ToString());
            }

            return ExitCodes.InvalidUsage;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        if (options.Token is null && bound.FirstOrDefault(url => !IsLoopback(url)) is { } open)
        {
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            session.Error.WriteLine($"Refusing to serve on {open} without a token: a non-loopback address needs a bearer token in {DaemonOptions.TokenVariable} or --token-file.");
            return ExitCodes.InvalidUsage;
        }

        app.Services.GetRequiredService<DaemonStartGate>().Open();
        session.Error.WriteLine($"seco daemon listening on {string.Join(";", bound.Count > 0 ? bound : [options.Urls])} (state {options.StateDirectory}; data roots {string.Join(", ", options.DataRoots)}; model memory {ByteSize.Format(options.ModelMemoryBudgetBytes)}; {session.Catalog.Stages.Count} stages{(options.Token is null ? "" : "; bearer token required")})");
        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static bool IsLoopback(string url)
    {
        try
        {
            return BindAddresses.IsLoopback(url);
        }
        catch (FormatException)
        {
            return false;
        }
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
            MaxAttempts = commandLine.MaxAttempts,
            Token = token,
        };
    }
}
