using System.Diagnostics;
using System.Reflection;
using System.Xml;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SeCo.Sdk;
using SeCo.Sdk.Stages;
using TorchSharp;
using McMasterPluginLoader = McMaster.NETCore.Plugins.PluginLoader;

namespace SeCo.Host.Plugins;

/// <summary>
/// Loads plugins: every sub-folder <c>&lt;Name&gt;/</c> of each plugins directory holds one plugin whose main
/// assembly is <c>&lt;Name&gt;.dll</c>. Each plugin gets its own load context (McMaster.NETCore.Plugins, not
/// unloadable: torch state cannot be unloaded) sharing the host's single copy of SeCo.Sdk, TorchSharp and
/// the Microsoft.Extensions DI and logging abstractions.
/// </summary>
/// <remarks>
/// Folders are checked before anything is loaded (<see cref="PluginFolder"/>): no TorchSharp/libtorch copy,
/// a SeCo.Sdk reference of the host's major version. All problems of all folders are reported together.
/// </remarks>
internal static partial class PluginLoader
{
    /// <summary>The types whose assemblies plugins share with the host (one copy, the host's).</summary>
    public static IReadOnlyList<Type> SharedTypes { get; } =
    [
        typeof(SdkContract),
        typeof(torch),
        typeof(IServiceCollection),
        typeof(ILogger),
    ];

    /// <summary>Loads every plugin of the given directories and returns their stages.</summary>
    /// <param name="pluginDirectories">Folders holding one sub-folder per plugin.</param>
    /// <param name="logger">Receives what was loaded and how long it took.</param>
    /// <exception cref="PluginLoadException">A directory or plugin cannot be used, or two plugins declare the same stage id.</exception>
    public static StageCatalog Load(IReadOnlyList<string> pluginDirectories, ILogger logger) =>
        LoadPlugins(pluginDirectories, logger).Catalog;

    /// <summary>Loads every plugin of the given directories: assemblies, stages, startups.</summary>
    /// <param name="pluginDirectories">Folders holding one sub-folder per plugin.</param>
    /// <param name="logger">Receives what was loaded and how long it took.</param>
    /// <exception cref="PluginLoadException">
    /// A directory or plugin cannot be used, or two plugins declare the same stage id; the message lists
    /// every problem found.
    /// </exception>
    public static PluginSet LoadPlugins(IReadOnlyList<string> pluginDirectories, ILogger logger)
    {
        var stopwatch = Stopwatch.StartNew();
        var failures = new List<PluginLoadException>();
        var plugins = new List<LoadedPlugin>();
        var folderByName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var directory in pluginDirectories)
        {
            if (!Directory.Exists(directory))
            {
                failures.Add(new PluginLoadException($"Plugins directory '{Path.GetFullPath(directory)}' does not exist."));
                continue;
            }

            foreach (var folder in Directory.GetDirectories(directory).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(folder);
                if (name.StartsWith('.'))
                {
                    continue;
                }

                if (folderByName.TryGetValue(name, out var first))
                {
                    failures.Add(new PluginLoadException(
                        $"Plugin '{name}' is found twice: in '{first}' and in '{Path.GetFullPath(folder)}'; keep one of them."));
                    continue;
                }

                folderByName.Add(name, Path.GetFullPath(folder));
                try
                {
                    if (LoadPlugin(folder, logger) is { } plugin)
                    {
                        plugins.Add(plugin);
                    }
                }
                catch (PluginLoadException ex)
                {
                    failures.Add(ex);
                }
            }
        }

        StageCatalog? catalog = null;
        try
        {
            catalog = new StageCatalog(plugins.SelectMany(p => p.Stages)) { Startups = plugins.SelectMany(p => p.Startups).ToList() };
        }
        catch (PluginLoadException ex)
        {
            failures.Add(ex);
        }

        if (failures.Count > 0)
        {
            throw PluginLoadException.Combine(failures);
        }

        stopwatch.Stop();
        Log.Loaded(logger, plugins.Count, catalog!.Stages.Count, stopwatch.Elapsed.TotalMilliseconds);
        return new PluginSet(plugins, catalog, stopwatch.Elapsed);
    }

    /// <summary>Checks and loads one plugin folder.</summary>
    /// <returns>
    /// The plugin, or null (with a warning) when its main assembly does not reference SeCo.Sdk: such an
    /// assembly declares nothing the host could use (an empty plugin project compiles to one).
    /// </returns>
    /// <exception cref="PluginLoadException">The folder cannot be used.</exception>
    public static LoadedPlugin? LoadPlugin(string folder, ILogger logger)
    {
        var stopwatch = Stopwatch.StartNew();
        var pluginFolder = PluginFolder.Inspect(folder);
        if (pluginFolder.SdkVersion is null)
        {
            Log.NotAPlugin(logger, pluginFolder.Name, pluginFolder.MainAssemblyPath);
            return null;
        }

        var loader = McMasterPluginLoader.CreateFromAssemblyFile(
            pluginFolder.MainAssemblyPath,
            [.. SharedTypes],
            config => config.PreferSharedTypes = true);

        Assembly assembly;
        try
        {
            assembly = loader.LoadDefaultAssembly();
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or FileNotFoundException)
        {
            throw new PluginLoadException($"Plugin '{pluginFolder.Name}': '{pluginFolder.MainAssemblyPath}' cannot be loaded: {ex.Message}", ex);
        }

        var info = new PluginInfo(pluginFolder.Name, VersionOf(assembly), pluginFolder.Directory);
        var documentation = ReadDocumentation(assembly, info, logger);
        var contents = StageDiscovery.Discover(assembly, info, documentation);
        var startups = contents.StartupTypes.Select(t => CreateStartup(t, info)).ToList();
        stopwatch.Stop();

        if (contents.Stages.Count == 0)
        {
            if (startups.Count == 0)
            {
                Log.NothingDeclared(logger, info.Name, info.Version, info.Directory!);
            }
            else
            {
                Log.NoStages(logger, info.Name, info.Version, startups.Count);
            }
        }

        Log.PluginLoaded(logger, info.Name, info.Version, contents.Stages.Count, startups.Count, stopwatch.Elapsed.TotalMilliseconds, info.Directory!);
        return new LoadedPlugin(info, pluginFolder.SdkVersion, assembly, loader.LoadContext, contents.Stages, startups, documentation);
    }

    /// <summary>
    /// The plugin version used in stage fingerprints: the assembly's informational version without the
    /// <c>+commit</c> build metadata, else its assembly version.
    /// </summary>
    public static string VersionOf(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (!string.IsNullOrWhiteSpace(informational))
        {
            var plus = informational.IndexOf('+');
            return (plus >= 0 ? informational[..plus] : informational).Trim();
        }

        return assembly.GetName().Version?.ToString() ?? "0.0.0";
    }

    private static XmlDocumentation ReadDocumentation(Assembly assembly, PluginInfo info, ILogger logger)
    {
        try
        {
            return XmlDocumentation.ForAssembly(assembly);
        }
        catch (XmlException ex)
        {
            // The documentation only feeds `seco plugins` and the schema; the stages still run without it.
            Log.BadDocumentation(logger, info.Name, ex.Message);
            return XmlDocumentation.Empty;
        }
    }

    private static IPluginStartup CreateStartup(Type startupType, PluginInfo info)
    {
        try
        {
            return (IPluginStartup)Activator.CreateInstance(startupType)!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw new PluginLoadException(
                $"Plugin '{info.Name}': the constructor of {nameof(IPluginStartup)} type {startupType.FullName} threw: {ex.InnerException.Message}",
                ex.InnerException);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Loaded {PluginCount} plugins with {StageCount} stages in {Milliseconds:F1} ms")]
        public static partial void Loaded(ILogger logger, int pluginCount, int stageCount, double milliseconds);

        [LoggerMessage(2, LogLevel.Debug, "Plugin {Plugin} {Version}: {StageCount} stages, {StartupCount} startups, loaded in {Milliseconds:F1} ms from {Directory}")]
        public static partial void PluginLoaded(ILogger logger, string plugin, string version, int stageCount, int startupCount, double milliseconds, string directory);

        [LoggerMessage(3, LogLevel.Warning, "Plugin {Plugin} {Version} declares no stages and no IPluginStartup; it adds nothing ({Directory})")]
        public static partial void NothingDeclared(ILogger logger, string plugin, string version, string directory);

        [LoggerMessage(4, LogLevel.Information, "Plugin {Plugin} {Version} adds no stages, only startup services ({StartupCount} IPluginStartup)")]
        public static partial void NoStages(ILogger logger, string plugin, string version, int startupCount);

        [LoggerMessage(6, LogLevel.Warning, "Skipped plugin folder {Plugin}: {Assembly} is not a SeCo plugin, it does not reference SeCo.Sdk and so declares no stages")]
        public static partial void NotAPlugin(ILogger logger, string plugin, string assembly);

        [LoggerMessage(5, LogLevel.Warning, "Plugin {Plugin}: its XML documentation file is not well-formed and is ignored: {Reason}")]
        public static partial void BadDocumentation(ILogger logger, string plugin, string reason);
    }
}
