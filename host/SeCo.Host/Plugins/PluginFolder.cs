using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using SeCo.Sdk;

namespace SeCo.Host.Plugins;

/// <summary>
/// One plugin folder, checked before anything in it is loaded: <c>&lt;folder&gt;/&lt;Name&gt;/&lt;Name&gt;.dll</c>
/// exists, the folder carries no copy of TorchSharp or libtorch, and the main assembly was built against
/// a SeCo SDK this host can run (or references no SeCo SDK at all, see <see cref="SdkVersion"/>).
/// </summary>
internal sealed class PluginFolder
{
    /// <summary>The assembly name every plugin must reference.</summary>
    public const string SdkAssemblyName = "SeCo.Sdk";

    private PluginFolder(string name, string directory, string mainAssemblyPath, Version? sdkVersion)
    {
        Name = name;
        Directory = directory;
        MainAssemblyPath = mainAssemblyPath;
        SdkVersion = sdkVersion;
    }

    /// <summary>The plugin name: the folder name, which is also the main assembly's name.</summary>
    public string Name { get; }

    /// <summary>The folder's full path.</summary>
    public string Directory { get; }

    /// <summary>The main assembly, <c>&lt;Name&gt;.dll</c>.</summary>
    public string MainAssemblyPath { get; }

    /// <summary>
    /// The SeCo.Sdk assembly version the main assembly was compiled against; null when it does not reference
    /// SeCo.Sdk at all (an empty plugin project, or a plain library): such an assembly can declare no stage
    /// and no <c>IPluginStartup</c>, so it is not a plugin.
    /// </summary>
    public Version? SdkVersion { get; }

    /// <summary>True when the main assembly references SeCo.Sdk, i.e. it can declare stages.</summary>
    public bool ReferencesSdk => SdkVersion is not null;

    /// <summary>
    /// Checks a plugin folder against the host's SDK contract version (<see cref="SdkContract.Version"/>).
    /// </summary>
    /// <exception cref="PluginLoadException">The folder cannot be loaded; the message says why.</exception>
    public static PluginFolder Inspect(string directory) => Inspect(directory, SdkContract.Version);

    /// <summary>Checks a plugin folder against a given host SDK contract version.</summary>
    /// <exception cref="PluginLoadException">The folder cannot be loaded; the message says why.</exception>
    public static PluginFolder Inspect(string directory, Version hostSdkVersion)
    {
        var fullPath = Path.GetFullPath(directory);
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(fullPath));
        var mainAssemblyPath = Path.Combine(fullPath, name + ".dll");
        if (!File.Exists(mainAssemblyPath))
        {
            var found = System.IO.Directory.GetFiles(fullPath, "*.dll").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            var foundText = found.Count == 0 ? "it holds no .dll at all" : $"it holds {string.Join(", ", found)}";
            throw new PluginLoadException(
                $"Plugin folder '{fullPath}' has no main assembly '{name}.dll': a plugin folder must be named after its main assembly ({foundText}).");
        }

        RefuseTorchCopies(name, fullPath);
        var sdkVersion = ReadSdkReference(name, mainAssemblyPath);
        if (sdkVersion is not null)
        {
            CheckSdkVersion(name, fullPath, sdkVersion, hostSdkVersion);
        }

        return new PluginFolder(name, fullPath, mainAssemblyPath, sdkVersion);
    }

    /// <summary>
    /// Reads the version of the <c>SeCo.Sdk</c> reference from the assembly's metadata without loading it.
    /// </summary>
    /// <returns>The referenced version, or null when the assembly does not reference SeCo.Sdk.</returns>
    /// <exception cref="BadImageFormatException">The file is not a .NET assembly.</exception>
    public static Version? ReadSdkReference(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var peReader = new PEReader(stream);
        if (!peReader.HasMetadata)
        {
            throw new BadImageFormatException("The file has no .NET metadata.", assemblyPath);
        }

        var metadata = peReader.GetMetadataReader();
        if (!metadata.IsAssembly)
        {
            throw new BadImageFormatException("The file is a .NET module, not an assembly.", assemblyPath);
        }

        foreach (var handle in metadata.AssemblyReferences)
        {
            var reference = metadata.GetAssemblyReference(handle);
            if (metadata.StringComparer.Equals(reference.Name, SdkAssemblyName))
            {
                return reference.Version;
            }
        }

        return null;
    }

    private static Version? ReadSdkReference(string name, string mainAssemblyPath)
    {
        try
        {
            return ReadSdkReference(mainAssemblyPath);
        }
        catch (BadImageFormatException ex)
        {
            throw new PluginLoadException($"Plugin '{name}': '{mainAssemblyPath}' is not a .NET assembly ({ex.Message}).", ex);
        }
    }

    private static void CheckSdkVersion(string name, string directory, Version pluginSdk, Version hostSdk)
    {
        if (pluginSdk.Major != hostSdk.Major)
        {
            throw new PluginLoadException(
                $"Plugin '{name}' ({directory}) was built for SeCo SDK {pluginSdk.Major}.x ({Format(pluginSdk)}), " +
                $"but this host implements SeCo SDK {hostSdk.Major}.x ({Format(hostSdk)}); " +
                $"rebuild the plugin against SeCo.Sdk {hostSdk.Major}.x.");
        }

        if (pluginSdk.Minor > hostSdk.Minor)
        {
            throw new PluginLoadException(
                $"Plugin '{name}' ({directory}) was built for SeCo SDK {Format(pluginSdk)}, newer than this host's SeCo SDK {Format(hostSdk)}; " +
                $"update the host, or rebuild the plugin against SeCo.Sdk {hostSdk.Major}.{hostSdk.Minor}.");
        }
    }

    private static void RefuseTorchCopies(string name, string directory)
    {
        var copies = System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(IsTorchFile)
            .Select(path => Path.GetRelativePath(directory, path))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (copies.Count > 0)
        {
            throw new PluginLoadException(
                $"Plugin '{name}' ({directory}) carries its own copy of TorchSharp/libtorch ({string.Join(", ", copies)}). " +
                "The host owns the only copy: a second libtorch in the process aborts it (\"Tried to register multiple backend fallbacks\"). " +
                "Reference TorchSharp compile-only (build/Plugin.targets does this for <SeCoPlugin>true</SeCoPlugin> projects) and remove these files.");
        }
    }

    private static bool IsTorchFile(string path)
    {
        var fileName = Path.GetFileName(path);
        return fileName.Equals("TorchSharp.dll", StringComparison.OrdinalIgnoreCase)
            || fileName.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase)
            || fileName.StartsWith("libLibTorchSharp", StringComparison.OrdinalIgnoreCase)
            || fileName.Equals("LibTorchSharp.dll", StringComparison.OrdinalIgnoreCase)
            || fileName.StartsWith("torch_cpu.", StringComparison.OrdinalIgnoreCase)
            || fileName.StartsWith("torch_cuda.", StringComparison.OrdinalIgnoreCase);
    }

    private static string Format(Version version) => version.Build < 0 ? version.ToString(2) : version.ToString(3);
}
