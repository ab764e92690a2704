namespace SeCo.Host.Running;

/// <summary>Which cached stages to run again: <c>--force STAGE</c> (that stage and its descendants) and <c>--from STAGE</c> (that stage and every later one); and command-line settings of the run.</summary>
internal sealed record RunRequest
{
    public static RunRequest Default { get; } = new();

    public IReadOnlyList<string> Force { get; init; } = [];

    public string? From { get; init; }

    /// <summary><c>--threads N</c>: libtorch's CPU threads for this run, over the pipeline's <c>threads</c>.</summary>
    public int? Threads { get; init; }
}
