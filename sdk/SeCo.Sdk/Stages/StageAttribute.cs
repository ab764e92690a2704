namespace SeCo.Sdk.Stages;

/// <summary>
/// Marks a class implementing <see cref="IStage{TOptions}"/> as a pipeline stage and gives it the id
/// that <c>pipeline.json</c> names in <c>use</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StageAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="id">The stage id, lower-case words separated by dots (for example <c>psa.sam</c>).</param>
    public StageAttribute(string id) => Id = id;

    /// <summary>The stage id used in <c>pipeline.json</c>.</summary>
    public string Id { get; }

    /// <summary>A one-sentence description shown by <c>seco plugins</c> and in the schema.</summary>
    public string? Description { get; init; }

    /// <summary>
    /// True when the stage holds the compute device (large models, training). Such stages take the
    /// tensor context's device lease, so two of them never run at once.
    /// </summary>
    public bool UsesDevice { get; init; }

    /// <summary>
    /// True when the stage's work is per item and resumable, so <c>seco run --only STAGE --shard i/N</c> can spread
    /// it over processes or nodes: given <see cref="StageContext.Shard"/>, the stage computes only the items for
    /// which <see cref="StageContext.ShouldProcess"/> is true into its per-item store (its output folder) and skips
    /// what summarises all items; a later whole run finds every item done and only writes those summaries.
    /// The outputs must not depend on which process computed an item.
    /// </summary>
    public bool Shardable { get; init; }
}
