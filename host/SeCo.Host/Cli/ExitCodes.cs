namespace SeCo.Host.Cli;

/// <summary>The process exit codes of <c>seco</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Success = 0;

    /// <summary>A stage failed (an exception or bad input while it ran).</summary>
    public const int RunFailed = 1;

    /// <summary>The pipeline is invalid or the command line is wrong.</summary>
    public const int InvalidUsage = 2;

    /// <summary>The run was cancelled (Ctrl-C, SIGTERM): 128 + SIGINT.</summary>
    public const int Cancelled = 130;
}
