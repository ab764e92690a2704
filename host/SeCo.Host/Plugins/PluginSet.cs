using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using SeCo.Sdk.Stages;

namespace SeCo.Host.Plugins;

/// <summary>Everything <see cref="PluginLoader"/> loaded: the plugins, their stage catalog and startups.</summary>
internal sealed class PluginSet
{
    /// <summary>Creates the result; <see cref="PluginLoader"/> does this.</summary>
    public PluginSet(IReadOnlyList<LoadedPlugin> plugins, StageCatalog catalog, TimeSpan loadTime)
    {
        Plugins = plugins;
        Catalog = catalog;
        LoadTime = loadTime;
    }

    /// <summary>The loaded plugins, in load order (directories in the given order, folders by name).</summary>
    public IReadOnlyList<LoadedPlugin> Plugins { get; }

    /// <summary>Every stage of every plugin, by id.</summary>
    public StageCatalog Catalog { get; }

    /// <summary>The plugins' main assemblies.</summary>
    public IReadOnlyList<Assembly> Assemblies => Plugins.Select(p => p.Assembly).ToList();

    /// <summary>The startups of every plugin, in load order.</summary>
    public IReadOnlyList<IPluginStartup> Startups => Catalog.Startups;

    /// <summary>How long discovery and loading took.</summary>
    public TimeSpan LoadTime { get; }

    /// <summary>Lets every plugin startup register its services.</summary>
    public void ConfigureServices(IServiceCollection services)
    {
        foreach (var startup in Startups)
        {
            startup.ConfigureServices(services);
        }
    }
}
