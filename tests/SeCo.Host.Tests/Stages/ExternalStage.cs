using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Stages;

namespace SeCo.Host.Tests.Stages;

/// <summary>A source whose result depends on a file outside its options: its content joins the fingerprint.</summary>
[Stage("test.external")]
public sealed class ExternalStage(RunLog log) : IStage<ExternalOptions>, IFingerprintSource<ExternalOptions>
{
    public static readonly Port<Report> Items = Port.Output<Report>("items");

    public string GetExternalFingerprint(ExternalOptions options, string pipelineDirectory) =>
        File.ReadAllText(Path.Combine(pipelineDirectory, options.File));

    public Task<StageOutputs> RunAsync(StageContext context, ExternalOptions options, StageInputs inputs, CancellationToken cancellationToken)
    {
        log.Started(context.StageId);
        log.Finished();
        return Task.FromResult(new StageOutputs().Set(Items, new Report(context.OutputDirectory, [])));
    }
}
