using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Sdk.Stages;

namespace SeCo.Host.Tests.Stages;

[Stage("test.fail")]
public sealed class FailingStage : IStage<FailOptions>
{
    public static readonly Port<Report> Input = Port.OptionalInput<Report>("in");
    public static readonly Port<Report> Done = Port.Output<Report>("done");

    public Task<StageOutputs> RunAsync(StageContext context, FailOptions options, StageInputs inputs, CancellationToken cancellationToken) =>
        throw (options.InputError
            ? new SeCoInputException(new InputLocation(File: "list.txt", Line: 3), "Image 'b.png' does not exist; expected a file next to the list.")
            : new InvalidOperationException("Something broke inside the stage."));
}
