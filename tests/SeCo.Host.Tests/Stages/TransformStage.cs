using SeCo.Sdk.Artifacts;
using SeCo.Sdk.IO;
using SeCo.Sdk.Stages;

namespace SeCo.Host.Tests.Stages;

[Stage("test.transform")]
public sealed class TransformStage(RunLog log) : IStage<TransformOptions>
{
    public static readonly Port<Report> Items = Port.Input<Report>("items");
    public static readonly Port<Report> Extra = Port.OptionalInput<Report>("extra");
    public static readonly Port<Report> Result = Port.Output<Report>("result");

    public Task<StageOutputs> RunAsync(StageContext context, TransformOptions options, StageInputs inputs, CancellationToken cancellationToken)
    {
        log.Started(context.StageId);
        var items = inputs.Get(Items);
        var text = File.ReadAllText(Path.Combine(items.Root, items.Files[0]));
        var extra = inputs.TryGet(Extra) is { } e ? File.ReadAllText(Path.Combine(e.Root, e.Files[0])) : "";
        AtomicFile.WriteAllText(Path.Combine(context.OutputDirectory, "result.txt"), string.Concat(Enumerable.Repeat(text, options.Factor)) + extra);
        log.Finished();
        return Task.FromResult(new StageOutputs().Set(Result, new Report(context.OutputDirectory, ["result.txt"])));
    }
}
