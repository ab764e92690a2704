using System.Text;

namespace SeCo.Host.ScaleOut;

/// <summary>
/// The <c>sbatch</c> script of each <see cref="ScaleOutJob"/>: a job array (<c>--array=0-(N-1)</c>, the shard from
/// <c>SLURM_ARRAY_TASK_ID</c>) for shards, a plain job otherwise. Dependencies are not in the scripts: they are given
/// to <c>sbatch --dependency=afterok:...</c> at submission, so a script can be resubmitted alone
/// (<c>sbatch --array=4 02-psa.sbatch</c> reruns one failed task).
/// </summary>
internal sealed class SlurmScripts(string executable, string workingDirectory, string logDirectory, string pipelineName, string? partition)
{
    /// <summary>The file name of a job's script: its position in submission order and its name.</summary>
    public static string FileName(int position, ScaleOutJob job) => $"{position:00}-{job.Name}.sbatch";

    public string Script(ScaleOutJob job)
    {
        var text = new StringBuilder();
        text.Append("#!/bin/bash\n");
        text.Append("#SBATCH --job-name=").Append(ShellQuoting.Quote($"seco-{ScaleOutPlanner.SafeName(pipelineName)}-{job.Name}")).Append('\n');
        text.Append("#SBATCH --chdir=").Append(ShellQuoting.Quote(workingDirectory)).Append('\n');
        var log = Path.Combine(logDirectory, job.Kind == ScaleOutJobKind.Shards ? $"{job.Name}-%A_%a.out" : $"{job.Name}-%j.out");
        text.Append("#SBATCH --output=").Append(ShellQuoting.Quote(log)).Append('\n');
        if (job.Kind == ScaleOutJobKind.Shards)
        {
            text.Append("#SBATCH --array=0-").Append(job.Shards - 1).Append('\n');
        }

        if (partition is not null)
        {
            text.Append("#SBATCH --partition=").Append(ShellQuoting.Quote(partition)).Append('\n');
        }

        text.Append("# ").Append(Describe(job)).Append('\n');
        text.Append("set -euo pipefail\n");
        text.Append("exec ").Append(ShellQuoting.Quote(executable));
        foreach (var argument in job.Arguments)
        {
            text.Append(' ').Append(ShellQuoting.QuoteWithExpansion(argument, ScaleOutPlanner.ShardIndexToken, "\"$SLURM_ARRAY_TASK_ID\""));
        }

        return text.Append('\n').ToString();
    }

    /// <summary>One line saying what the job does.</summary>
    public static string Describe(ScaleOutJob job) => job.Kind switch
    {
        ScaleOutJobKind.Shards => $"Stage {job.StageId}, shard $SLURM_ARRAY_TASK_ID of {job.Shards}: computes that shard's items (no manifest).",
        ScaleOutJobKind.Merge => $"Stage {job.StageId}, after its shards: finds every item done and writes the manifest.",
        ScaleOutJobKind.Stage => $"Stage {job.StageId}, whole (it is not shardable).",
        _ => "The whole pipeline: every stage is complete by now; writes run.json and report.html.",
    };
}
