namespace SeCo.Sdk.Stages;

/// <summary>A named, typed input or output of a stage.</summary>
public abstract class PortDescriptor
{
    private protected PortDescriptor(string name, PortDirection direction, Type artifactType, bool isOptional, string? description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Direction = direction;
        ArtifactType = artifactType;
        IsOptional = isOptional;
        Description = description;
    }

    /// <summary>The port name used in <c>pipeline.json</c> (<c>"in": {"labels": "psa.labels"}</c>).</summary>
    public string Name { get; }

    /// <summary>Input or output.</summary>
    public PortDirection Direction { get; }

    /// <summary>The artifact type carried; an output connects to an input when assignable to it.</summary>
    public Type ArtifactType { get; }

    /// <summary>True for an input that may stay unconnected.</summary>
    public bool IsOptional { get; }

    /// <summary>What the port carries, for <c>seco plugins</c> and the docs.</summary>
    public string? Description { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {ArtifactType.Name}{(IsOptional ? "?" : "")}";
}
