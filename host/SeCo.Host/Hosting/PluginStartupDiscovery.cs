using System.Reflection;
using SeCo.Host.Plugins;
using SeCo.Sdk.Stages;

namespace SeCo.Host.Hosting;

/// <summary>Finds the <see cref="IPluginStartup"/> classes of the plugin assemblies and creates them.</summary>
internal static class PluginStartupDiscovery
{
    /// <summary>The startups of every assembly that declares a stage of <paramref name="catalog"/>.</summary>
    public static IReadOnlyList<IPluginStartup> FromCatalog(StageCatalog catalog) =>
        FromAssemblies(catalog.Stages.Select(s => s.StageType.Assembly).Distinct());

    public static IReadOnlyList<IPluginStartup> FromAssemblies(IEnumerable<Assembly> assemblies)
    {
        var startups = new List<IPluginStartup>();
        foreach (var assembly in assemblies)
        {
            Type?[] types;
            try
            {
                types = assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException ex)
            {
                types = ex.Types;
            }

            foreach (var type in types.OfType<Type>().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IPluginStartup).IsAssignableFrom(t)).OrderBy(t => t.FullName, StringComparer.Ordinal))
            {
                if (type.GetConstructor(Type.EmptyTypes) is null)
                {
                    throw new PluginLoadException($"{type.FullName} in {assembly.GetName().Name} implements IPluginStartup but has no public parameterless constructor.");
                }

                startups.Add((IPluginStartup)Activator.CreateInstance(type)!);
            }
        }

        return startups;
    }
}
