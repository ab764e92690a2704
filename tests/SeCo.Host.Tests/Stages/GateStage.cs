using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Stages;

namespace SeCo.Host.Tests.Stages;

/// <summary>Finishes only once another stage has started: two gates waiting for each other complete only when run concurrently.</summary>
[Stage("test.gate")]
public sealed class GateStage(RunLog log) : IStage<GateOptions>
{
    public static readonly Port<Report> Input = Port.OptionalInput<Report>("in");
    public static readonly Port<Report> Done = Port.Output<Report>("done");

    public async Task<StageOutputs> RunAsync(StageContext context, GateOptions options, StageInputs inputs, CancellationToken cancellationToken)
    {
        log.Started(context.StageId);
        if (options.WaitFor.Length > 0)
        {
            await log.Signal(options.WaitFor).Task.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
        }

        log.Finished();
        return new StageOutputs().Set(Done, new Report(context.OutputDirectory, []));
    }
}
