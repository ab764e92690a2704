using System.Text;
using Microsoft.Extensions.Logging;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.IO;
using SeCo.Sdk.Stages;

namespace SeCo.Fixtures.Slow;

/// <summary>
/// Writes <c>item-NNN.txt</c> files one by one, slowly, each atomically and each starting with the id of
/// the process that wrote it; items already present (from an interrupted run) are kept, not redone.
/// </summary>
[Stage("fixtures.slow", Description = "Writes numbered item files slowly, skipping items already written.")]
public sealed class SlowItemsStage : IStage<SlowItemsOptions>
{
    /// <summary>The item files.</summary>
    public static readonly Port<Report> Items = Port.Output<Report>("items", "The item files written.");

    /// <inheritdoc />
    public async Task<StageOutputs> RunAsync(StageContext context, SlowItemsOptions options, StageInputs inputs, CancellationToken cancellationToken)
    {
        var files = new List<string>(options.Count);
        var written = 0;
        for (var i = 0; i < options.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = $"item-{i:D3}.txt";
            var path = Path.Combine(context.OutputDirectory, name);
            if (!File.Exists(path))
            {
                await Task.Delay(options.DelayMs, cancellationToken).ConfigureAwait(false);
                var header = Encoding.UTF8.GetBytes($"{Environment.ProcessId}\n{i}\n");
                var content = new byte[Math.Max(options.ItemBytes, header.Length)];
                Array.Fill(content, (byte)'.');
                header.CopyTo(content, 0);
                AtomicFile.WriteAllBytes(path, content);
                written++;
            }

            files.Add(name);
            context.Progress.Report(i + 1, options.Count, "items");
        }

        context.Logger.LogInformation("Wrote {Written} of {Count} items", written, options.Count);
        return new StageOutputs().Set(Items, new Report(context.OutputDirectory, files)
        {
            Metrics = new Dictionary<string, double> { ["written"] = written, ["count"] = options.Count },
        });
    }
}
