using System.Diagnostics;
using System.Text.Json;
using SeCo.Host.Running;
using SeCo.Host.ScaleOut;
using SeCo.Sdk.IO;

namespace SeCo.Host.Cli;

/// <summary>
/// <c>seco slurm</c>: writes one <c>sbatch</c> script per job of the scale-out plan under
/// <c>&lt;workspace&gt;/slurm/</c> and submits them in order, each with <c>--dependency=afterok</c> on the jobs it needs
/// (<c>--dry-run</c>: prints the scripts and the submission commands, writes and submits nothing). The job ids go to
/// <c>&lt;workspace&gt;/slurm/jobs.json</c>.
/// </summary>
internal static class SlurmCommand
{
    /// <summary>Shards per shardable stage when <c>--array-size</c> is not given.</summary>
    public const int DefaultShards = 4;

    /// <summary>The folder under the workspace holding the scripts, <c>jobs.json</c> and <c>logs/</c>.</summary>
    public const string FolderName = "slurm";

    public static async Task<int> ExecuteAsync(CliSession session, CancellationToken cancellationToken)
    {
        var result = session.LoadPipeline();
        if (!result.IsValid)
        {
            return session.ReportInvalid(result);
        }

        var plan = result.Plan!;
        var commandLine = session.CommandLine;
        var folder = Path.Combine(plan.Definition.Workspace, FolderName);
        var executable = Environment.ProcessPath ?? throw new InvalidOperationException("The path of the seco executable is unknown.");
        var jobs = ScaleOutPlanner.Plan(plan, commandLine.Shards ?? DefaultShards, ScaleOutPlanner.CommonArguments(commandLine.PipelinePath, commandLine.Sets, commandLine.PluginDirectories));
        var scripts = new SlurmScripts(executable, Directory.GetCurrentDirectory(), Path.Combine(folder, "logs"), plan.Definition.Name, commandLine.Partition);
        if (commandLine.DryRun)
        {
            for (var i = 0; i < jobs.Count; i++)
            {
                var file = Path.Combine(folder, SlurmScripts.FileName(i, jobs[i]));
                var dependency = jobs[i].DependsOn.Count == 0 ? "" : $" --dependency=afterok:{string.Join(':', jobs[i].DependsOn.Select(d => $"<{d}>"))}";
                session.Text.WriteLine($"# sbatch --parsable{dependency} {file}");
                session.Text.WriteLine(scripts.Script(jobs[i]));
            }

            return ExitCodes.Success;
        }

        Directory.CreateDirectory(Path.Combine(folder, "logs"));
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < jobs.Count; i++)
        {
            var job = jobs[i];
            var file = Path.Combine(folder, SlurmScripts.FileName(i, job));
            AtomicFile.WriteAllText(file, scripts.Script(job));
            var arguments = new List<string> { "--parsable" };
            if (job.DependsOn.Count > 0)
            {
                arguments.Add("--dependency=afterok:" + string.Join(':', job.DependsOn.Select(d => ids[d])));
            }

            arguments.Add(file);
            var (code, output, error) = await SbatchAsync(arguments, cancellationToken).ConfigureAwait(false);
            if (code != 0)
            {
                session.Error.WriteLine($"sbatch {string.Join(' ', arguments)} failed (exit {code}): {error.Trim()}");
                if (ids.Count > 0)
                {
                    session.Error.WriteLine($"Jobs submitted before it: {string.Join(", ", ids.Select(p => $"{p.Key}={p.Value}"))}; cancel them with scancel {string.Join(' ', ids.Values)}.");
                }

                return code == 127 ? ExitCodes.InvalidUsage : ExitCodes.RunFailed;
            }

            ids[job.Name] = output.Trim().Split(';')[0];
            session.Text.WriteLine($"{ids[job.Name],-10} {job.Name,-24} {SlurmScripts.Describe(job).Replace("$SLURM_ARRAY_TASK_ID", $"0-{job.Shards - 1}", StringComparison.Ordinal)}");
        }

        AtomicFile.WriteAllText(Path.Combine(folder, "jobs.json"), JsonSerializer.Serialize(ids, ManifestStore.JsonOptions));
        session.Text.WriteLine($"Submitted {jobs.Count} jobs; scripts, jobs.json and logs/ in {folder}. The last job ({ids[jobs[^1].Name]}) writes run.json and report.html.");
        session.Text.WriteLine("A failed shard: fix the cause, then resubmit that task alone (sbatch --array=I SCRIPT) and point the job waiting on it at the new one " +
            "(scontrol update JobId=WAITING Dependency=afterok:NEW); or run seco slurm again: finished items and stages are not recomputed.");
        return ExitCodes.Success;
    }

    private static async Task<(int Code, string Output, string Error)> SbatchAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("sbatch") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (127, "", $"sbatch cannot be started ({ex.Message}); run seco slurm where Slurm's client commands are installed, or use --dry-run");
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return (process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
        }
    }
}
