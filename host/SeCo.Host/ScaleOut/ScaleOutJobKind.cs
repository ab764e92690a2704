namespace SeCo.Host.ScaleOut;

/// <summary>What a <see cref="ScaleOutJob"/> runs.</summary>
internal enum ScaleOutJobKind
{
    /// <summary><c>seco run --only STAGE</c>: a stage that is not shardable, whole.</summary>
    Stage,

    /// <summary><c>seco run --only STAGE --shard i/N</c> for i = 0..N−1: a Slurm job array, a Kubernetes Indexed Job.</summary>
    Shards,

    /// <summary><c>seco run --only STAGE</c> after the stage's shards: finds every item done and writes the manifest.</summary>
    Merge,

    /// <summary>A plain <c>seco run</c>: finds every stage complete, writes <c>run.json</c> and the report.</summary>
    Final,
}
