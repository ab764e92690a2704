using System.Globalization;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.IO;
using SeCo.Sdk.Stages;

namespace SeCo.Fixtures.Slow;

/// <summary>
/// Takes a <see cref="ResidentModel"/> from the tensor context's model cache, holds it a while, and writes
/// <c>model.txt</c>: the key, whether the model was disposed under the stage, and the process-wide factory
/// and dispose counts.
/// </summary>
[Stage("fixtures.model", Description = "Takes a fake model from the model cache and reports the cache's factory calls.")]
public sealed class ResidentModelStage : IStage<ResidentModelOptions>
{
    /// <summary>The report: <c>model.txt</c> and the counts as metrics.</summary>
    public static readonly Port<Report> Model = Port.Output<Report>("model", "model.txt with the factory and dispose counts.");

    /// <inheritdoc />
    public async Task<StageOutputs> RunAsync(StageContext context, ResidentModelOptions options, StageInputs inputs, CancellationToken cancellationToken)
    {
        var model = context.Tensors.Models.GetOrCreate(options.Key, () => ResidentModel.Load(options.Key, options.Bytes, options.LoadMs));
        await Task.Delay(options.HoldMs, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(context.OutputDirectory);
        AtomicFile.WriteAllText(Path.Combine(context.OutputDirectory, "model.txt"), string.Create(CultureInfo.InvariantCulture,
            $"key: {model.Key}\ndisposed under the stage: {model.IsDisposed}\ncreated: {ResidentModel.Created}\ndisposed: {ResidentModel.Disposed}\n"));
        return new StageOutputs().Set(Model, new Report(context.OutputDirectory, ["model.txt"])
        {
            Metrics = new Dictionary<string, double> { ["created"] = ResidentModel.Created, ["disposed"] = ResidentModel.Disposed },
        });
    }
}
