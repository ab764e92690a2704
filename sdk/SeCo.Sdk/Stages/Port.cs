using SeCo.Sdk.Artifacts;

namespace SeCo.Sdk.Stages;

/// <summary>A port carrying artifacts of type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The artifact type.</typeparam>
public sealed class Port<T> : PortDescriptor where T : Artifact
{
    internal Port(string name, PortDirection direction, bool isOptional, string? description)
        : base(name, direction, typeof(T), isOptional, description)
    {
    }
}

/// <summary>Factory for <see cref="Port{T}"/> declarations.</summary>
public static class Port
{
    /// <summary>Declares a required input port.</summary>
    public static Port<T> Input<T>(string name, string? description = null) where T : Artifact =>
        new(name, PortDirection.Input, isOptional: false, description);

    /// <summary>Declares an input port that may stay unconnected.</summary>
    public static Port<T> OptionalInput<T>(string name, string? description = null) where T : Artifact =>
        new(name, PortDirection.Input, isOptional: true, description);

    /// <summary>Declares an output port.</summary>
    public static Port<T> Output<T>(string name, string? description = null) where T : Artifact =>
        new(name, PortDirection.Output, isOptional: false, description);
}
