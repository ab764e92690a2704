namespace SeCo.Host.Running;

/// <summary>Which cached stages to run again: <c>--force STAGE</c> (that stage and its descendants) and <c>--from STAGE</c> (that stage and every later one).</summary>
internal sealed record RunRequest
{
    public static RunRequest Default { get; } = new();

    public IReadOnlyList<string> Force { get; init; } = [];

    public string? From { get; init; }
}
