using System.Diagnostics;
using SeCo.Testing;

namespace SeCo.Host.Tests.ScaleOut;

/// <summary>
/// A real single-node Slurm (slurmctld + slurmd, munge) started by <c>build/slurm-local.sh</c> in a temp folder and
/// stopped on dispose. Needs root and Debian's <c>slurm-wlm</c> and <c>munge</c> (<c>.ci/run</c> installs them); when
/// it cannot start, the test fails with the script's message.
/// </summary>
internal sealed class LocalSlurm : IDisposable
{
    private readonly TempDirectory _folder = new("seco-slurm");

    private LocalSlurm()
    {
    }

    /// <summary>The slurm.conf the client commands must use (SLURM_CONF).</summary>
    public string Conf => _folder.File("slurm.conf");

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["SLURM_CONF"] = Conf };

    public static async Task<LocalSlurm> StartAsync()
    {
        var slurm = new LocalSlurm();
        var (code, output) = await slurm.ScriptAsync("start");
        if (code != 0)
        {
            slurm.Dispose();
            throw new InvalidOperationException(
                $"build/slurm-local.sh start failed (exit {code}); the Slurm test needs root and `apt-get install -y slurm-wlm munge` (.ci/run does both):\n{output}");
        }

        return slurm;
    }

    /// <summary>Runs a Slurm client command (scontrol, squeue) against this cluster.</summary>
    public async Task<string> ClientAsync(string command, params string[] args)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["SLURM_CONF"] = Conf;
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return await output + await error;
    }

    public void Dispose()
    {
        ScriptAsync("stop").GetAwaiter().GetResult();
        _folder.Dispose();
    }

    private async Task<(int Code, string Output)> ScriptAsync(string action)
    {
        var info = new ProcessStartInfo(Path.Combine(GoldenData.RepositoryRoot, "build", "slurm-local.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(action);
        info.ArgumentList.Add(_folder.Path);
        try
        {
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output + await error);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (127, ex.Message);
        }
    }
}
