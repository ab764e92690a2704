using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Stages;

namespace SeCo.Host.Tests.Stages;

[Stage("test.device", UsesDevice = true)]
public sealed class DeviceStage(RunLog log) : IStage<DelayOptions>
{
    public static readonly Port<Report> Done = Port.Output<Report>("done");

    public async Task<StageOutputs> RunAsync(StageContext context, DelayOptions options, StageInputs inputs, CancellationToken cancellationToken)
    {
        log.Started(context.StageId);
        log.DeviceEnter();
        await Task.Delay(options.DelayMs, cancellationToken);
        log.DeviceExit();
        log.Finished();
        return new StageOutputs().Set(Done, new Report(context.OutputDirectory, []));
    }
}
