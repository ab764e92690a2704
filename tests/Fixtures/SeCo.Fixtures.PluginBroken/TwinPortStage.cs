using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Stages;

namespace SeCo.Fixtures.PluginBroken;

/// <summary>Declares two input ports with the same name.</summary>
[Stage("fixtures.twin-ports")]
public sealed class TwinPortStage : IStage<EmptyOptions>
{
    /// <summary>The first "images" input.</summary>
    public static readonly Port<ImageSet> Images = Port.Input<ImageSet>("images");

    /// <summary>The second "images" input.</summary>
    public static readonly Port<ImageSet> MoreImages = Port.Input<ImageSet>("images");

    /// <summary>An empty report.</summary>
    public static readonly Port<Report> Result = Port.Output<Report>("report");

    /// <inheritdoc />
    public Task<StageOutputs> RunAsync(StageContext context, EmptyOptions options, StageInputs inputs, CancellationToken cancellationToken) =>
        Task.FromResult(new StageOutputs().Set(Result, new Report(context.OutputDirectory, [])));
}
