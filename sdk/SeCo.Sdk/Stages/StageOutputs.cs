using SeCo.Sdk.Artifacts;

namespace SeCo.Sdk.Stages;

/// <summary>The artifacts a stage produced, keyed by output port name.</summary>
public sealed class StageOutputs
{
    private readonly Dictionary<string, Artifact> _artifacts = new(StringComparer.Ordinal);

    /// <summary>The produced artifacts by port name.</summary>
    public IReadOnlyDictionary<string, Artifact> Artifacts => _artifacts;

    /// <summary>Sets the artifact of an output port; returns this instance for chaining.</summary>
    public StageOutputs Set<T>(Port<T> port, T artifact) where T : Artifact
    {
        ArgumentNullException.ThrowIfNull(artifact);
        if (port.Direction != PortDirection.Output)
        {
            throw new ArgumentException($"Port '{port.Name}' is an input port.", nameof(port));
        }

        _artifacts[port.Name] = artifact;
        return this;
    }
}
