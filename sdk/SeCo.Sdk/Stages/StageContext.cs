using System.Text.Json;
using Microsoft.Extensions.Logging;
using SeCo.Sdk.IO;
using SeCo.Sdk.Tensors;

namespace SeCo.Sdk.Stages;

/// <summary>Everything a stage needs from the host for one run, besides its options and inputs.</summary>
public sealed class StageContext
{
    /// <summary>The id of this stage in the pipeline (<c>"id"</c> in <c>pipeline.json</c>).</summary>
    public required string StageId { get; init; }

    /// <summary>
    /// The stage's own output folder, <c>&lt;workspace&gt;/&lt;stage&gt;-&lt;fingerprint&gt;/</c>. It may already
    /// hold items of an interrupted earlier run with the same fingerprint: per-item work should skip
    /// items whose final file exists (files are written to a temporary name, then renamed).
    /// </summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The folder holding <c>pipeline.json</c>; relative paths in options resolve against it.</summary>
    public required string PipelineDirectory { get; init; }

    /// <summary>The logger of this stage.</summary>
    public required ILogger Logger { get; init; }

    /// <summary>Where the stage reports progress.</summary>
    public required IStageProgress Progress { get; init; }

    /// <summary>The run's seed; stages derive every random generator from it.</summary>
    public required int Seed { get; init; }

    /// <summary>The shared tensor context: device, precision policy, model cache, device lease.</summary>
    public required ITensorContext Tensors { get; init; }

    /// <summary>The host's services (including those a plugin registered in <see cref="IPluginStartup"/>).</summary>
    public required IServiceProvider Services { get; init; }

    /// <summary>
    /// The pipeline's top-level <c>taxonomy</c> value as written (a name such as <c>"cityscapes19"</c>,
    /// or an object declaring classes), or <see cref="JsonValueKind.Undefined"/> when absent. The host
    /// passes it through without interpreting it.
    /// </summary>
    public JsonElement Taxonomy { get; init; }

    /// <summary>What to do with a bad input item.</summary>
    public BadItemPolicy OnBadItem { get; init; } = BadItemPolicy.Fail;

    /// <summary>
    /// Where the stage may read files from. <see cref="PathPolicy.Unrestricted"/> for <c>seco run</c>; the daemon
    /// confines reads to its data roots, symbolic links resolved. Use it for paths that are not options
    /// (entries of a list file): <c>InputPaths.Confine(entry, root, "line 3")</c>.
    /// </summary>
    public PathPolicy InputPaths { get; init; } = PathPolicy.Unrestricted;

    /// <summary>
    /// Resolves a path from the options against <see cref="PipelineDirectory"/>. When <see cref="InputPaths"/>
    /// is restricted the path is resolved like <c>realpath</c> and must lie under its roots.
    /// </summary>
    /// <exception cref="Errors.SeCoInputException">The path resolves outside the allowed folders.</exception>
    public string ResolvePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return InputPaths.IsRestricted
            ? InputPaths.Confine(path, PipelineDirectory, "a path option of stage '" + StageId + "'")
            : Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(PipelineDirectory, path));
    }

    /// <summary>
    /// The shard this run computes (<c>seco run --only STAGE --shard i/N</c>), or null for a whole run. Only stages
    /// declared <see cref="StageAttribute.Shardable"/> get one. In a shard run the stage writes the items of its
    /// shard to its per-item store and nothing that summarises all items; the host discards its outputs and
    /// writes no manifest (a later whole run does, after finding every item done).
    /// </summary>
    public ShardSpec? Shard { get; init; }

    /// <summary>
    /// True when this run computes the item with key <paramref name="itemKey"/> (an image id): always in a whole
    /// run, and in a shard run when the item belongs to <see cref="Shard"/>.
    /// </summary>
    public bool ShouldProcess(string itemKey) => Shard is null || Shard.Contains(itemKey);
}
