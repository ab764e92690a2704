namespace SeCo.Host.Tests.Stages;

public sealed record ExternalOptions
{
    public string File { get; init; } = "external.txt";
}
