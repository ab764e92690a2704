using System.Text.Json.Nodes;

namespace SeCo.Host.Pipelines;

/// <summary>One entry of the pipeline's <c>stages</c> array, as written (after substitution and overrides).</summary>
internal sealed class StageDefinition(int index, string id, string use, IReadOnlyList<InputBinding> inputs, JsonObject? with)
{
    /// <summary>Position in the <c>stages</c> array.</summary>
    public int Index { get; } = index;

    /// <summary>The stage's id in this pipeline.</summary>
    public string Id { get; } = id;

    /// <summary>The stage type id (<c>use</c>).</summary>
    public string Use { get; } = use;

    /// <summary>The input connections.</summary>
    public IReadOnlyList<InputBinding> Inputs { get; } = inputs;

    /// <summary>The options object, or null when absent.</summary>
    public JsonObject? With { get; } = with;

    /// <summary>The JSON path of the stage, <c>$.stages[i]</c>.</summary>
    public string JsonPath => JsonPathText.Index("$.stages", Index);
}
