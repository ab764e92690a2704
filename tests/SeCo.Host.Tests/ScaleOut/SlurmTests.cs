using System.Text.Json;
using System.Text.RegularExpressions;

namespace SeCo.Host.Tests.ScaleOut;

/// <summary><c>seco slurm</c>: the job graph as scripts (<c>--dry-run</c>), and a real run on a single-node Slurm.</summary>
public sealed partial class SlurmTests : IDisposable
{
    private readonly ShardPipeline _pipeline = new();

    public void Dispose() => _pipeline.Dispose();

    [Fact]
    public async Task Dry_run_prints_job_arrays_for_shardable_stages_chained_with_afterok()
    {
        var output = await SecoProcess.RunOkAsync(_pipeline.Directory, null, "slurm", "pipeline.json", "--array-size", "3", "--partition", "cpu", "--dry-run");

        var submissions = SubmissionLine().Matches(output).Select(m => m.Groups[1].Value.Trim()).ToList();
        submissions.Should().Equal(
            "--parsable " + Script("00-source"),
            "--parsable --dependency=afterok:<source> " + Script("01-psa"),
            "--parsable --dependency=afterok:<psa> " + Script("02-psa-merge"),
            "--parsable --dependency=afterok:<source>:<psa-merge> " + Script("03-eval"),
            "--parsable --dependency=afterok:<eval> " + Script("04-eval-merge"),
            "--parsable --dependency=afterok:<eval-merge> " + Script("05-final"));
        output.Should().Contain("#SBATCH --array=0-2").And.Contain("#SBATCH --partition=cpu")
            .And.Contain("--only psa --shard \"$SLURM_ARRAY_TASK_ID\"/3")
            .And.Contain("--only psa\n").And.Contain("--only source\n");
        Directory.Exists(Path.Combine(_pipeline.Workspace, "slurm")).Should().BeFalse("a dry run writes nothing");
    }

    [Fact]
    public async Task A_pipeline_sharded_three_ways_on_a_real_slurm_gives_the_local_results()
    {
        await SecoProcess.RunOkAsync(_pipeline.Directory, null, "run", "pipeline.json");
        var local = _pipeline.Results();
        _pipeline.ClearWorkspace();
        using var slurm = await LocalSlurm.StartAsync();

        var output = await SecoProcess.RunOkAsync(_pipeline.Directory, slurm.Environment, "slurm", "pipeline.json", "--array-size", "3");

        var jobs = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(_pipeline.Workspace, "slurm", "jobs.json")))!;
        jobs.Keys.Should().Equal("source", "psa", "psa-merge", "eval", "eval-merge", "final");
        var final = await WaitForAsync(slurm, jobs);
        final.Should().Contain("JobState=COMPLETED", $"the final job should complete; seco slurm said:\n{output}\nlogs:\n{Logs()}");
        var psaTasks = await slurm.ClientAsync("scontrol", "show", "job", "-o", jobs["psa"]);
        ArrayTask().Matches(psaTasks).Select(m => m.Groups[1].Value).Should().BeEquivalentTo(["0", "1", "2"], "psa ran as a 3-task job array");
        _pipeline.Results().Should().Equal(local);
    }

    private string Script(string name) => Path.Combine(_pipeline.Workspace, "slurm", name + ".sbatch");

    /// <summary>Waits until every job has left the queue (or one can never run) and returns the final job's record.</summary>
    private static async Task<string> WaitForAsync(LocalSlurm slurm, Dictionary<string, string> jobs)
    {
        var deadline = DateTime.UtcNow.AddMinutes(8);
        while (DateTime.UtcNow < deadline)
        {
            var final = await slurm.ClientAsync("scontrol", "show", "job", "-o", jobs["final"]);
            if (final.Contains("JobState=COMPLETED", StringComparison.Ordinal) || final.Contains("JobState=FAILED", StringComparison.Ordinal)
                || final.Contains("DependencyNeverSatisfied", StringComparison.Ordinal) || final.Contains("JobState=CANCELLED", StringComparison.Ordinal))
            {
                return final;
            }

            await Task.Delay(1000);
        }

        return await slurm.ClientAsync("squeue", "-a");
    }

    private string Logs()
    {
        var folder = Path.Combine(_pipeline.Workspace, "slurm", "logs");
        return Directory.Exists(folder)
            ? string.Join("\n", Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => $"--- {Path.GetFileName(f)}\n{File.ReadAllText(f)}"))
            : "(no logs)";
    }

    [GeneratedRegex(@"^# sbatch (.*)$", RegexOptions.Multiline)]
    private static partial Regex SubmissionLine();

    [GeneratedRegex(@"ArrayTaskId=(\d+)")]
    private static partial Regex ArrayTask();
}
