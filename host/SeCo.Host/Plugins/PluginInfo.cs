namespace SeCo.Host.Plugins;

/// <summary>Where a stage came from: the plugin's name, version and folder.</summary>
/// <param name="Name">The plugin name (its main assembly's name).</param>
/// <param name="Version">The plugin's informational version; part of every stage fingerprint.</param>
/// <param name="Directory">The plugin folder, or null for stages compiled into the host or a test.</param>
internal sealed record PluginInfo(string Name, string Version, string? Directory);
