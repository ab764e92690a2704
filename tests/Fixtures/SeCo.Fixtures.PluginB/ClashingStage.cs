using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Stages;

namespace SeCo.Fixtures.PluginB;

/// <summary>Declares the stage id <c>fixtures.sum</c>, which SeCo.Fixtures.PluginA declares too.</summary>
[Stage("fixtures.sum")]
public sealed class ClashingStage : IStage<ClashingOptions>
{
    /// <summary>An empty report.</summary>
    public static readonly Port<Report> Result = Port.Output<Report>("report");

    /// <inheritdoc />
    public Task<StageOutputs> RunAsync(StageContext context, ClashingOptions options, StageInputs inputs, CancellationToken cancellationToken) =>
        Task.FromResult(new StageOutputs().Set(Result, new Report(context.OutputDirectory, [])));
}
