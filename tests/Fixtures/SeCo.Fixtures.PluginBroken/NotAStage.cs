using SeCo.Sdk.Stages;

namespace SeCo.Fixtures.PluginBroken;

/// <summary>Carries [Stage] but does not implement IStage&lt;TOptions&gt;.</summary>
[Stage("fixtures.not-a-stage")]
public sealed class NotAStage
{
    /// <summary>Not a stage method: the host never calls it.</summary>
    public Task RunAsync() => Task.CompletedTask;
}
