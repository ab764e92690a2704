using System.Reflection;
using Microsoft.Extensions.Logging;
using SeCo.Sdk.Stages;

namespace SeCo.Host.Plugins;

/// <summary>
/// Interim plugin loader (replaced by the full loader on the host-plugins branch): loads
/// <c>&lt;dir&gt;/&lt;Plugin&gt;/&lt;Plugin&gt;.dll</c> from each plugins directory with shared SDK, TorchSharp
/// and Microsoft.Extensions types, and collects the <c>[Stage]</c> classes.
/// </summary>
internal static class PluginLoader
{
    public static StageCatalog Load(IReadOnlyList<string> pluginDirectories, ILogger logger)
    {
        var stages = new List<StageDescriptor>();
        foreach (var pluginsDirectory in pluginDirectories.Where(Directory.Exists))
        {
            foreach (var folder in Directory.GetDirectories(pluginsDirectory).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(folder);
                var path = Path.Combine(folder, name + ".dll");
                if (!File.Exists(path))
                {
                    logger.LogDebug("Skipping {Folder}: no {Name}.dll", folder, name);
                    continue;
                }

                var loader = McMaster.NETCore.Plugins.PluginLoader.CreateFromAssemblyFile(
                    path,
                    sharedTypes: [typeof(IStage<>), typeof(TorchSharp.torch), typeof(ILogger), typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection)],
                    cfg => cfg.PreferSharedTypes = true);
                var assembly = loader.LoadDefaultAssembly();
                var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                    ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
                var plugin = new PluginInfo(assembly.GetName().Name ?? name, version.Split('+')[0], folder);
                stages.AddRange(assembly.GetTypes()
                    .Where(t => t.GetCustomAttribute<StageAttribute>() is not null)
                    .Select(t => StageDescriptor.FromType(t, plugin)));
                logger.LogDebug("Loaded plugin {Plugin} {Version} from {Folder}", plugin.Name, plugin.Version, folder);
            }
        }

        return new StageCatalog(stages);
    }
}
