using System.Text;
using SeCo.Host.Pipelines;
using SeCo.Host.Planning;

namespace SeCo.Host.ScaleOut;

/// <summary>
/// Turns a pipeline into scheduler jobs, in an order where every job comes after the jobs it depends on: a
/// shardable stage becomes N shard tasks (<c>--only STAGE --shard i/N</c>) and a merge job (<c>--only STAGE</c>,
/// which recomputes nothing and writes the manifest the next stages read); any other stage one whole job; a final
/// plain <c>seco run</c> writes <c>run.json</c> and the report. The same plan feeds Slurm and Kubernetes.
/// </summary>
internal static class ScaleOutPlanner
{
    /// <summary>Stands for the shard index in a <see cref="ScaleOutJobKind.Shards"/> job's arguments.</summary>
    public const string ShardIndexToken = "{shard}";

    /// <summary>Plans the jobs; <paramref name="commonArguments"/> follow every command (pipeline path, --set, --plugins).</summary>
    public static IReadOnlyList<ScaleOutJob> Plan(PipelinePlan plan, int shards, IReadOnlyList<string> commonArguments)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        var jobs = new List<ScaleOutJob>();
        var completes = new Dictionary<string, string>(StringComparer.Ordinal); // stage id -> job after which its manifest exists
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in plan.Stages)
        {
            var after = plan.Graph.PredecessorsOf(stage.Id).Select(p => completes[p]).Distinct().ToList();
            var baseName = UniqueName(SafeName(stage.Id), names);
            if (stage.Descriptor.Attribute.Shardable)
            {
                var shardJob = new ScaleOutJob
                {
                    Name = baseName,
                    Kind = ScaleOutJobKind.Shards,
                    StageId = stage.Id,
                    Shards = shards,
                    Arguments = ["run", .. commonArguments, "--only", stage.Id, "--shard", $"{ShardIndexToken}/{shards}"],
                    DependsOn = after,
                };
                var merge = new ScaleOutJob
                {
                    Name = UniqueName(baseName + "-merge", names),
                    Kind = ScaleOutJobKind.Merge,
                    StageId = stage.Id,
                    Arguments = ["run", .. commonArguments, "--only", stage.Id],
                    DependsOn = [shardJob.Name],
                };
                jobs.Add(shardJob);
                jobs.Add(merge);
                completes[stage.Id] = merge.Name;
            }
            else
            {
                var job = new ScaleOutJob
                {
                    Name = baseName,
                    Kind = ScaleOutJobKind.Stage,
                    StageId = stage.Id,
                    Arguments = ["run", .. commonArguments, "--only", stage.Id],
                    DependsOn = after,
                };
                jobs.Add(job);
                completes[stage.Id] = job.Name;
            }
        }

        var leaves = plan.Stages.Where(s => !plan.Graph.DescendantsOf(s.Id).Any()).Select(s => completes[s.Id]).ToList();
        jobs.Add(new ScaleOutJob
        {
            Name = UniqueName("final", names),
            Kind = ScaleOutJobKind.Final,
            Arguments = ["run", .. commonArguments],
            DependsOn = leaves,
        });
        return jobs;
    }

    /// <summary>The arguments every job repeats: the pipeline (absolute), each --set, each --plugins (absolute).</summary>
    public static IReadOnlyList<string> CommonArguments(string pipelinePath, IEnumerable<SetOverride> sets, IEnumerable<string> pluginDirectories)
    {
        var arguments = new List<string> { Path.GetFullPath(pipelinePath) };
        foreach (var set in sets)
        {
            arguments.Add("--set");
            arguments.Add(set.Text);
        }

        foreach (var directory in pluginDirectories)
        {
            arguments.Add("--plugins");
            arguments.Add(Path.GetFullPath(directory));
        }

        return arguments;
    }

    /// <summary>A stage id as a DNS label: lower case letters, digits and '-', at most 40 characters.</summary>
    public static string SafeName(string id)
    {
        var name = new StringBuilder();
        foreach (var c in id.ToLowerInvariant())
        {
            name.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '-');
        }

        var text = name.ToString().Trim('-');
        text = text.Length > 40 ? text[..40].TrimEnd('-') : text;
        return text.Length == 0 ? "stage" : text;
    }

    private static string UniqueName(string name, HashSet<string> names)
    {
        var candidate = name;
        for (var i = 2; !names.Add(candidate); i++)
        {
            candidate = $"{name}-{i}";
        }

        return candidate;
    }
}
