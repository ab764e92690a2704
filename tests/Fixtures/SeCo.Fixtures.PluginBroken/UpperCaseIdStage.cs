using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Stages;

namespace SeCo.Fixtures.PluginBroken;

/// <summary>A stage whose id breaks the id grammar (upper case, underscore).</summary>
[Stage("Fixtures.Bad_Id")]
public sealed class UpperCaseIdStage : IStage<EmptyOptions>
{
    /// <summary>An empty report.</summary>
    public static readonly Port<Report> Result = Port.Output<Report>("report");

    /// <inheritdoc />
    public Task<StageOutputs> RunAsync(StageContext context, EmptyOptions options, StageInputs inputs, CancellationToken cancellationToken) =>
        Task.FromResult(new StageOutputs().Set(Result, new Report(context.OutputDirectory, [])));
}
