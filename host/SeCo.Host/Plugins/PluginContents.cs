namespace SeCo.Host.Plugins;

/// <summary>What <see cref="StageDiscovery"/> found in a plugin assembly.</summary>
/// <param name="Stages">The stage descriptors, in type order.</param>
/// <param name="StartupTypes">The public, concrete <see cref="SeCo.Sdk.Stages.IPluginStartup"/> types.</param>
internal sealed record PluginContents(IReadOnlyList<StageDescriptor> Stages, IReadOnlyList<Type> StartupTypes);
