namespace SeCo.Host.Tests.Stages;

public sealed record GateOptions
{
    /// <summary>The stage id this stage waits to see started before it finishes.</summary>
    public string WaitFor { get; init; } = "";
}
