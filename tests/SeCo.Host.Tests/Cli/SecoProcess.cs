using System.Diagnostics;

namespace SeCo.Host.Tests.Cli;

/// <summary>Runs the built <c>seco</c> executable (<see cref="SlowFixturePlugins.Seco"/>) and collects its exit code and output.</summary>
internal static class SecoProcess
{
    public static Task<(int Code, string Out, string Error)> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string?>(), args);

    /// <param name="environment">Variables to set (a null value removes the variable).</param>
    /// <param name="args">The arguments.</param>
    public static async Task<(int Code, string Out, string Error)> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var info = new ProcessStartInfo(SlowFixturePlugins.Seco) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
