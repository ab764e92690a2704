using System.Reflection;
using System.Runtime.Loader;
using SeCo.Sdk.Stages;

namespace SeCo.Host.Plugins;

/// <summary>One plugin loaded into its own load context: its assembly, stages and startups.</summary>
internal sealed class LoadedPlugin
{
    /// <summary>Creates the result; <see cref="PluginLoader"/> does this.</summary>
    public LoadedPlugin(
        PluginInfo info,
        Version sdkVersion,
        Assembly assembly,
        AssemblyLoadContext loadContext,
        IReadOnlyList<StageDescriptor> stages,
        IReadOnlyList<IPluginStartup> startups,
        XmlDocumentation documentation)
    {
        Info = info;
        SdkVersion = sdkVersion;
        Assembly = assembly;
        LoadContext = loadContext;
        Stages = stages;
        Startups = startups;
        Documentation = documentation;
    }

    /// <summary>Name, version and folder.</summary>
    public PluginInfo Info { get; }

    /// <summary>The SeCo.Sdk version the plugin was compiled against.</summary>
    public Version SdkVersion { get; }

    /// <summary>The plugin's main assembly.</summary>
    public Assembly Assembly { get; }

    /// <summary>The load context holding the plugin's private dependencies (never unloaded).</summary>
    public AssemblyLoadContext LoadContext { get; }

    /// <summary>The plugin's stages; may be empty.</summary>
    public IReadOnlyList<StageDescriptor> Stages { get; }

    /// <summary>One instance of each <see cref="IPluginStartup"/> type of the plugin.</summary>
    public IReadOnlyList<IPluginStartup> Startups { get; }

    /// <summary>The plugin's XML documentation (empty when it ships none).</summary>
    public XmlDocumentation Documentation { get; }
}
