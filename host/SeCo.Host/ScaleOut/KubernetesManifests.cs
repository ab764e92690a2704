using System.Text.Json.Nodes;

namespace SeCo.Host.ScaleOut;

/// <summary>
/// Kubernetes objects for a scale-out plan, in the order to apply them: a <c>PersistentVolumeClaim</c> holding the
/// pipeline folder (pipeline, data, workspace), then one <c>batch/v1</c> Job per <see cref="ScaleOutJob"/>: an
/// Indexed Job (<c>completionMode: Indexed</c>, the shard from <c>JOB_COMPLETION_INDEX</c>) for a shardable stage's
/// shards, a plain Job otherwise. Jobs do not wait for each other in Kubernetes; <c>apply.sh</c> applies them one
/// by one and waits for each to complete (<c>kubectl wait --for=condition=complete</c>).
/// </summary>
internal sealed class KubernetesManifests(string pipelineName, string image, int parallelism)
{
    /// <summary>Where the claim is mounted in every container, and the containers' working directory.</summary>
    public const string MountPath = "/data";

    /// <summary>The size the claim requests.</summary>
    public const string StorageRequest = "50Gi";

    private readonly string _prefix = "seco-" + ScaleOutPlanner.SafeName(pipelineName);

    /// <summary>The claim's name.</summary>
    public string ClaimName => _prefix + "-data";

    /// <summary>The Job's name of <paramref name="job"/>.</summary>
    public string JobName(ScaleOutJob job) => $"{_prefix}-{job.Name}";

    /// <summary>The claim: ReadWriteMany, because the shards of a stage run in pods on several nodes.</summary>
    public JsonObject Claim() => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "PersistentVolumeClaim",
        ["metadata"] = new JsonObject { ["name"] = ClaimName, ["labels"] = Labels(null) },
        ["spec"] = new JsonObject
        {
            ["accessModes"] = new JsonArray("ReadWriteMany"),
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = StorageRequest } },
        },
    };

    /// <summary>The Job running <paramref name="job"/>.</summary>
    public JsonObject Job(ScaleOutJob job)
    {
        var indexed = job.Kind == ScaleOutJobKind.Shards;
        var command = "exec seco " + string.Join(' ', job.Arguments.Select(a => ShellQuoting.QuoteWithExpansion(a, ScaleOutPlanner.ShardIndexToken, "\"$JOB_COMPLETION_INDEX\"")));
        var spec = new JsonObject
        {
            ["backoffLimit"] = indexed ? 2 * job.Shards : 2,
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = Labels(job) },
                ["spec"] = new JsonObject
                {
                    ["restartPolicy"] = "Never",
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "seco",
                        ["image"] = image,
                        ["workingDir"] = MountPath,
                        ["command"] = new JsonArray("/bin/sh", "-c", command),
                        ["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "data", ["mountPath"] = MountPath }),
                    }),
                    ["volumes"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "data",
                        ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = ClaimName },
                    }),
                },
            },
        };
        if (indexed)
        {
            spec["completionMode"] = "Indexed";
            spec["completions"] = job.Shards;
            spec["parallelism"] = Math.Min(parallelism, job.Shards);
        }

        return new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = new JsonObject { ["name"] = JobName(job), ["labels"] = Labels(job) },
            ["spec"] = spec,
        };
    }

    /// <summary>A POSIX shell script that applies the files in order, waiting for each Job to complete.</summary>
    public string ApplyScript(IReadOnlyList<(string File, ScaleOutJob? Job)> files)
    {
        var text = new System.Text.StringBuilder();
        text.Append("#!/bin/sh\n# Applies the manifests of `seco k8s` in order; each Job starts after the one before it completed.\nset -eu\ncd \"$(dirname \"$0\")\"\n");
        foreach (var (file, job) in files)
        {
            text.Append("kubectl apply -f ").Append(ShellQuoting.Quote(file)).Append('\n');
            if (job is not null)
            {
                text.Append("kubectl wait --for=condition=complete --timeout=-1s job/").Append(JobName(job)).Append('\n');
            }
        }

        return text.ToString();
    }

    private JsonObject Labels(ScaleOutJob? job)
    {
        var labels = new JsonObject { ["app.kubernetes.io/name"] = "seco", ["app.kubernetes.io/instance"] = _prefix };
        if (job is not null)
        {
            labels["app.kubernetes.io/component"] = job.Name;
        }

        return labels;
    }
}
