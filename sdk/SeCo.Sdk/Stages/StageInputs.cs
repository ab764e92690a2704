using SeCo.Sdk.Artifacts;

namespace SeCo.Sdk.Stages;

/// <summary>The artifacts connected to a stage's input ports.</summary>
public sealed class StageInputs
{
    private readonly IReadOnlyDictionary<string, Artifact> _artifacts;

    /// <summary>Creates the inputs from artifacts keyed by port name.</summary>
    public StageInputs(IReadOnlyDictionary<string, Artifact> artifacts) => _artifacts = artifacts;

    /// <summary>An empty set of inputs (for source stages).</summary>
    public static StageInputs Empty { get; } = new(new Dictionary<string, Artifact>());

    /// <summary>The port names that carry an artifact.</summary>
    public IEnumerable<string> Names => _artifacts.Keys;

    /// <summary>Returns the artifact on a required input port.</summary>
    /// <exception cref="InvalidOperationException">The port is not connected (a host bug for required ports).</exception>
    public T Get<T>(Port<T> port) where T : Artifact =>
        TryGet(port) ?? throw new InvalidOperationException($"Input port '{port.Name}' is not connected.");

    /// <summary>Returns the artifact on an input port, or null when it is not connected.</summary>
    public T? TryGet<T>(Port<T> port) where T : Artifact =>
        _artifacts.TryGetValue(port.Name, out var artifact) ? (T)artifact : null;
}
