using System.Diagnostics;
using SeCo.Host.Tests.Cli;

namespace SeCo.Host.Tests.ScaleOut;

/// <summary>Runs the built <c>seco</c> (with its bundled plugins) as a process in a folder, with extra environment variables.</summary>
internal static class SecoProcess
{
    public static async Task<(int Code, string Out, string Error)> RunAsync(string directory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo(SlowFixturePlugins.Seco)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // One thread per process: shards of a stage run side by side on the test machine's cores.
        info.Environment["OMP_NUM_THREADS"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"seco {string.Join(' ', args)} did not finish in 5 minutes:\n{await output}\n{await error}");
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>Runs seco and expects exit code 0, failing with its output otherwise.</summary>
    public static async Task<string> RunOkAsync(string directory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var (code, output, error) = await RunAsync(directory, environment, args);
        code.Should().Be(0, $"seco {string.Join(' ', args)} should succeed:\n{output}\n{error}");
        return output;
    }
}
