namespace SeCo.Host.Daemon;

/// <summary>How <c>seco serve</c> runs: where it listens, where it keeps state, what it may read and run.</summary>
internal sealed record DaemonOptions
{
    /// <summary>The default listen address: loopback only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>The environment variable holding the bearer token.</summary>
    public const string TokenVariable = "SECO_TOKEN";

    /// <summary>The largest request body accepted (a pipeline document is a few kilobytes).</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>Listen addresses, separated by ';'.</summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>The absolute folder holding the database and submitted pipelines.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>Absolute folders pipeline files and workspaces must lie under.</summary>
    public required IReadOnlyList<string> DataRoots { get; init; }

    /// <summary>How many runs may run at the same time.</summary>
    public int MaxConcurrentRuns { get; init; } = 1;

    /// <summary>How many times a run is started; interrupted once more (the daemon stopped or crashed while it ran), it fails instead of being resumed.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>How much memory the resident models of all runs may hold together (estimated); least recently used models go first.</summary>
    public long ModelMemoryBudgetBytes { get; init; } = DefaultModelMemoryBudgetBytes();

    /// <summary>The bearer token clients must send, or null when none is required.</summary>
    public string? Token { get; init; }

    /// <summary>The default model memory budget: half of the memory this process may use (the machine's, or the container's limit).</summary>
    public static long DefaultModelMemoryBudgetBytes() => Math.Max(1L << 30, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2);
}
