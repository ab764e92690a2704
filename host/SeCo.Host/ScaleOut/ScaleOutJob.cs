namespace SeCo.Host.ScaleOut;

/// <summary>
/// One job of a scale-out plan: a <c>seco</c> command line (without the executable) that starts once the jobs in
/// <see cref="DependsOn"/> succeeded. For <see cref="ScaleOutJobKind.Shards"/> the last argument holds
/// <see cref="ScaleOutPlanner.ShardIndexToken"/>, which the scheduler's task index replaces.
/// </summary>
internal sealed record ScaleOutJob
{
    /// <summary>A name unique in the plan, safe in file names and Kubernetes names (lower case, digits, '-').</summary>
    public required string Name { get; init; }

    public required ScaleOutJobKind Kind { get; init; }

    /// <summary>The pipeline stage, or null for <see cref="ScaleOutJobKind.Final"/>.</summary>
    public string? StageId { get; init; }

    /// <summary>The number of shards (tasks) of a <see cref="ScaleOutJobKind.Shards"/> job; 1 otherwise.</summary>
    public int Shards { get; init; } = 1;

    /// <summary>The arguments after the executable.</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>Names of the jobs that must succeed first.</summary>
    public required IReadOnlyList<string> DependsOn { get; init; }
}
