using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Stages;

namespace SeCo.Host.Tests.Stages;

[Stage("test.images")]
public sealed class ImagesStage : IStage<EmptyOptions>
{
    public static readonly Port<ImageSet> Images = Port.Output<ImageSet>("images");

    public Task<StageOutputs> RunAsync(StageContext context, EmptyOptions options, StageInputs inputs, CancellationToken cancellationToken) =>
        Task.FromResult(new StageOutputs().Set(Images, new ImageSet(context.OutputDirectory, [new ImageItem("a", "a.png")])));
}
