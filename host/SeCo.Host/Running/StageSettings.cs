using System.Globalization;
using System.Text.Json;
using SeCo.Host.Options;
using SeCo.Host.Pipelines;

namespace SeCo.Host.Running;

/// <summary>
/// The pipeline-level fields that reach every stage (through its <c>StageContext</c> or the tensor context)
/// and so can change its outputs: part of every stage's cache key, by name, as canonical text. A new
/// top-level setting that stages see is added here, one line, and nowhere else.
/// </summary>
/// <param name="Values">Field name (as in pipeline.json) to its canonical text, sorted by name.</param>
/// <param name="Threads">libtorch's CPU thread count for the run (<c>threads</c>, else the CPUs available).</param>
internal sealed record StageSettings(IReadOnlyDictionary<string, string> Values, int Threads)
{
    /// <summary>
    /// The settings a stage's key holds: for a stage whose code uses TorchSharp also the thread count, since
    /// libtorch's parallel reductions (and so the last bits of its results) depend on it; other stages' outputs do not.
    /// </summary>
    public IReadOnlyDictionary<string, string> For(bool usesTorch) => !usesTorch ? Values
        : new SortedDictionary<string, string>(Values.ToDictionary(), StringComparer.Ordinal) { ["threads"] = Threads.ToString(CultureInfo.InvariantCulture) };

    /// <summary>The settings of a pipeline run with <paramref name="threads"/> libtorch threads.</summary>
    public static StageSettings From(PipelineDefinition pipeline, int threads) => new(new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["device"] = pipeline.Device.Trim().ToLowerInvariant(),
        ["onBadItem"] = JsonNamingPolicy.CamelCase.ConvertName(pipeline.OnBadItem.ToString()),
        ["seed"] = pipeline.Seed.ToString(CultureInfo.InvariantCulture),
        ["taxonomy"] = pipeline.Taxonomy.ValueKind == JsonValueKind.Undefined ? "null" : OptionsCanonicalizer.Canonicalize(pipeline.Taxonomy),
    }, threads);
}
