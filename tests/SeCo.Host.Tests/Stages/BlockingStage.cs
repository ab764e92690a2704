using SeCo.Sdk.Artifacts;
using SeCo.Sdk.IO;
using SeCo.Sdk.Stages;

namespace SeCo.Host.Tests.Stages;

/// <summary>Writes <c>started.txt</c>, then processes items until cancelled.</summary>
[Stage("test.block")]
public sealed class BlockingStage(RunLog log) : IStage<EmptyOptions>
{
    public const string StartedFile = "started.txt";

    public static readonly Port<Report> Done = Port.Output<Report>("done");

    public async Task<StageOutputs> RunAsync(StageContext context, EmptyOptions options, StageInputs inputs, CancellationToken cancellationToken)
    {
        log.Started(context.StageId);
        AtomicFile.WriteAllText(Path.Combine(context.OutputDirectory, StartedFile), "started");
        for (var i = 0; i < 10_000; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Delay(20, CancellationToken.None);
        }

        return new StageOutputs().Set(Done, new Report(context.OutputDirectory, []));
    }
}
