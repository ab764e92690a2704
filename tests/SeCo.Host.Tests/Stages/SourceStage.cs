using SeCo.Sdk.Artifacts;
using SeCo.Sdk.IO;
using SeCo.Sdk.Stages;

namespace SeCo.Host.Tests.Stages;

[Stage("test.source", Description = "Writes a text file.")]
public sealed class SourceStage(RunLog log) : IStage<SourceOptions>
{
    public static readonly Port<Report> Items = Port.Output<Report>("items");

    public Task<StageOutputs> RunAsync(StageContext context, SourceOptions options, StageInputs inputs, CancellationToken cancellationToken)
    {
        log.Started(context.StageId);
        AtomicFile.WriteAllText(Path.Combine(context.OutputDirectory, "source.txt"), string.Concat(Enumerable.Repeat(options.Text, options.Count)));
        log.Finished();
        return Task.FromResult(new StageOutputs().Set(Items, new Report(context.OutputDirectory, ["source.txt"])
        {
            Metrics = new Dictionary<string, double> { ["count"] = options.Count },
        }));
    }
}
