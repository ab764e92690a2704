using SeCo.Sdk.Artifacts;
using SeCo.Sdk.IO;
using SeCo.Sdk.Stages;

namespace SeCo.Fixtures.Slow;

/// <summary>Reads the item files of a <see cref="SlowItemsStage"/> and writes their total size to <c>total.txt</c>.</summary>
[Stage("fixtures.total", Description = "Sums the sizes of item files.")]
public sealed class ItemTotalStage : IStage<ItemTotalOptions>
{
    /// <summary>The item files to sum.</summary>
    public static readonly Port<Report> Items = Port.Input<Report>("items", "Item files.");

    /// <summary>A report holding <c>total.txt</c>.</summary>
    public static readonly Port<Report> Total = Port.Output<Report>("total", "The total size.");

    /// <inheritdoc />
    public Task<StageOutputs> RunAsync(StageContext context, ItemTotalOptions options, StageInputs inputs, CancellationToken cancellationToken)
    {
        var items = inputs.Get(Items);
        long total = 0;
        foreach (var file in items.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            total += new FileInfo(Path.Combine(items.Root, file)).Length;
        }

        AtomicFile.WriteAllText(Path.Combine(context.OutputDirectory, "total.txt"), $"{options.Label}{total}\n");
        return Task.FromResult(new StageOutputs().Set(Total, new Report(context.OutputDirectory, ["total.txt"])
        {
            Metrics = new Dictionary<string, double> { ["bytes"] = total },
        }));
    }
}
