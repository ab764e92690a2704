using SeCo.Host.Pipelines;
using SeCo.Host.Plugins;

namespace SeCo.Host.Planning;

/// <summary>A validated stage ready to run: its definition, stage type, bound options and inputs.</summary>
internal sealed class PlannedStage(StageDefinition definition, StageDescriptor descriptor, object options, string canonicalOptions, IReadOnlyList<PlannedInput> inputs)
{
    public StageDefinition Definition { get; } = definition;

    public string Id => Definition.Id;

    public StageDescriptor Descriptor { get; } = descriptor;

    /// <summary>The bound and validated options object.</summary>
    public object Options { get; } = options;

    /// <summary>The options' canonical JSON (sorted keys, defaults written), part of the fingerprint.</summary>
    public string CanonicalOptions { get; } = canonicalOptions;

    public IReadOnlyList<PlannedInput> Inputs { get; } = inputs;
}
