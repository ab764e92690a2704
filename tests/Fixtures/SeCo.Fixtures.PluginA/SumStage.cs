using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Stages;
using TorchSharp;

namespace SeCo.Fixtures.PluginA;

/// <summary>Sums the integers below a count with torch, scales the sum and adds the registered offset.</summary>
[Stage("fixtures.sum", Description = "Sums integers with torch (test fixture).")]
public sealed class SumStage(SumOffset offset) : IStage<SumOptions>
{
    /// <summary>The report carrying the result as the metric <c>sum</c>.</summary>
    public static readonly Port<Report> Result = Port.Output<Report>("report", "The sum as a metric.");

    /// <inheritdoc />
    public Task<StageOutputs> RunAsync(StageContext context, SumOptions options, StageInputs inputs, CancellationToken cancellationToken)
    {
        using var scope = torch.NewDisposeScope();
        var sum = torch.arange(options.Count, dtype: torch.int64).sum().item<long>();
        var value = sum * options.Scale + offset.Value;
        context.Progress.Report(1, 1);
        var report = new Report(context.OutputDirectory, []) { Metrics = new Dictionary<string, double> { ["sum"] = value } };
        return Task.FromResult(new StageOutputs().Set(Result, report));
    }
}
