using System.Text.Json;
using SeCo.Sdk.Stages;

namespace SeCo.Host.Pipelines;

/// <summary>A parsed pipeline file: top-level settings and the stages as written.</summary>
internal sealed class PipelineDefinition
{
    /// <summary>The pipeline file.</summary>
    public required string FilePath { get; init; }

    /// <summary>The folder holding the pipeline file.</summary>
    public required string Directory { get; init; }

    /// <summary>The pipeline name (names the default workspace).</summary>
    public required string Name { get; init; }

    /// <summary>The device: <c>auto</c>, <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>The run's seed.</summary>
    public int Seed { get; init; }

    /// <summary>libtorch's intra-op CPU threads (<c>threads</c>; <c>seco run --threads</c> overrides it per run); null: the CPUs available.</summary>
    public int? Threads { get; init; }

    /// <summary>The opaque <c>taxonomy</c> value, or <see cref="JsonValueKind.Undefined"/>.</summary>
    public JsonElement Taxonomy { get; init; }

    /// <summary>The absolute workspace folder (default <c>runs/&lt;name&gt;</c> beside the pipeline file).</summary>
    public required string Workspace { get; init; }

    /// <summary>What stages do with bad input items.</summary>
    public BadItemPolicy OnBadItem { get; init; } = BadItemPolicy.Fail;

    /// <summary>The stages, in file order (entries too broken to read are left out and reported).</summary>
    public required IReadOnlyList<StageDefinition> Stages { get; init; }
}
