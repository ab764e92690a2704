using SeCo.Host.Pipelines;

namespace SeCo.Host.Cli;

/// <summary>A parsed <c>seco</c> command line.</summary>
internal sealed record CommandLine
{
    /// <summary><c>run</c>, <c>validate</c>, <c>plugins</c>, <c>graph</c>, <c>serve</c>, <c>version</c> or <c>help</c>.</summary>
    public required string Command { get; init; }

    public string PipelinePath { get; init; } = "pipeline.json";

    public IReadOnlyList<SetOverride> Sets { get; init; } = [];

    public IReadOnlyList<string> Force { get; init; } = [];

    public string? From { get; init; }

    /// <summary><c>run --threads N</c>: libtorch's CPU threads, over the pipeline's <c>threads</c>.</summary>
    public int? Threads { get; init; }

    public IReadOnlyList<string> PluginDirectories { get; init; } = [];

    /// <summary><c>--verbose</c> / <c>-v</c>: debug logs and the stack trace of a failure.</summary>
    public bool Verbose { get; init; }

    /// <summary><c>run --explain</c>: say for each stage why it ran or was reused.</summary>
    public bool Explain { get; init; }

    /// <summary><c>--quiet</c> / <c>-q</c>: no progress and no information logs; warnings, errors and the closing line only.</summary>
    public bool Quiet { get; init; }

    /// <summary><c>serve --urls</c>: the listen addresses.</summary>
    public string? Urls { get; init; }

    /// <summary><c>serve --state-dir</c>: where the daemon keeps its database and submitted pipelines.</summary>
    public string? StateDirectory { get; init; }

    /// <summary><c>serve --data-root</c>: folders pipelines and workspaces must lie under.</summary>
    public IReadOnlyList<string> DataRoots { get; init; } = [];

    /// <summary><c>serve --token-file</c>: a file holding the bearer token.</summary>
    public string? TokenFile { get; init; }

    /// <summary><c>submit</c>/<c>status</c>/<c>cancel --url</c>: the daemon to talk to.</summary>
    public string Url { get; init; } = Daemon.DaemonOptions.DefaultUrls;

    /// <summary><c>submit --follow</c>: stream the run's events until it ends.</summary>
    public bool Follow { get; init; }

    /// <summary><c>submit --upload</c>: send the document itself rather than its path.</summary>
    public bool Upload { get; init; }

    /// <summary>The run id given to <c>status</c> or <c>cancel</c>.</summary>
    public string? RunId { get; init; }

    /// <summary><c>serve --max-concurrent-runs</c>.</summary>
    public int MaxConcurrentRuns { get; init; } = 1;

    /// <summary><c>serve --max-attempts</c>: how often a run is started before an interruption fails it.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary><c>schema</c>/<c>docs --out</c>: the file to write (the schema, or the Markdown reference).</summary>
    public string? Out { get; init; }

    /// <summary><c>docs --schema-out</c>: where the JSON Schema goes (default <c>pipeline.schema.json</c>).</summary>
    public string? SchemaOut { get; init; }

    /// <summary><c>serve --model-memory-budget</c>: how much memory resident models may hold, e.g. <c>6GiB</c>.</summary>
    public string? ModelMemoryBudget { get; init; }

    /// <summary><c>run --only</c>: the one stage to run.</summary>
    public string? Only { get; init; }

    /// <summary><c>run --shard i/N</c>: the shard of the <c>--only</c> stage's items to compute.</summary>
    public SeCo.Sdk.Stages.ShardSpec? Shard { get; init; }

    /// <summary><c>slurm --partition</c>: the Slurm partition of every job (the cluster's default when null).</summary>
    public string? Partition { get; init; }

    /// <summary><c>slurm --array-size</c> / <c>k8s --parallelism</c>: how many shards a shardable stage is split into.</summary>
    public int? Shards { get; init; }

    /// <summary><c>slurm --dry-run</c>: print the job scripts instead of submitting them.</summary>
    public bool DryRun { get; init; }

    /// <summary><c>k8s --image</c>: the container image holding <c>seco</c> and its plugins.</summary>
    public string? Image { get; init; }
}
