namespace SeCo.Sdk.Stages;

/// <summary>Whether a port receives or produces an artifact.</summary>
public enum PortDirection
{
    /// <summary>The stage receives an artifact on this port.</summary>
    Input,

    /// <summary>The stage produces an artifact on this port.</summary>
    Output,
}
