namespace SeCo.Host.Tests.Stages;

public sealed record DelayOptions
{
    public int DelayMs { get; init; } = 100;
}
