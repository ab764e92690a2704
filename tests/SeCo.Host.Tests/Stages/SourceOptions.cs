namespace SeCo.Host.Tests.Stages;

public sealed record SourceOptions
{
    public int Count { get; init; } = 3;

    public string Text { get; init; } = "a";
}
