using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text.Json;
using SeCo.Host.Plugins;
using TorchSharp;

namespace SeCo.Host.Running;

/// <summary>
/// The code that computes a stage's outputs, for its cache key: the <see cref="AssemblyCodeHash"/> of every
/// assembly its plugin's load context resolves, from the plugin's main assembly through its references
/// (the plugin, SeCo.Vision, SeCo.Sdk, other dependencies from its folder or the host), and the libtorch
/// build when any of them uses TorchSharp. Framework assemblies are left out; the host-shared assemblies
/// (<see cref="PluginLoader.SharedTypes"/>) are hashed but not followed.
/// </summary>
/// <param name="Assemblies">Assembly simple name to code hash, sorted by name.</param>
/// <param name="Torch">The libtorch packages the host runs (e.g. <c>libtorch-cpu-linux-x64/2.10.0</c>), or null when no assembly references TorchSharp.</param>
internal sealed record StageCode(IReadOnlyDictionary<string, string> Assemblies, string? Torch)
{
    private const string TorchSharpName = "TorchSharp";

    private static readonly ConditionalWeakTable<Assembly, StageCode> s_byAssembly = new();
    private static readonly Lazy<string> s_torch = new(FindTorchBuild);
    private static readonly string s_frameworkRoot = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(typeof(object).Assembly.Location)))!;
    private static readonly HashSet<string> s_shared = PluginLoader.SharedTypes.Select(t => t.Assembly.GetName().Name!).ToHashSet(StringComparer.Ordinal);

    /// <summary>The code of the assembly declaring a stage type, computed once per assembly.</summary>
    public static StageCode Of(Assembly main) => s_byAssembly.GetValue(main, Compute);

    private static StageCode Compute(Assembly main)
    {
        var context = AssemblyLoadContext.GetLoadContext(main) ?? AssemblyLoadContext.Default;
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal) { main.GetName().Name! };
        var pending = new Queue<Assembly>([main]);
        var usesTorch = false;
        while (pending.TryDequeue(out var assembly))
        {
            var name = assembly.GetName().Name!;
            hashes[name] = HashOf(assembly);
            if (s_shared.Contains(name))
            {
                continue;
            }

            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                usesTorch |= reference.Name == TorchSharpName;
                if (!seen.Add(reference.Name!))
                {
                    continue;
                }

                Assembly resolved;
                try
                {
                    resolved = context.LoadFromAssemblyName(reference);
                }
                catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
                {
                    // Referenced but not shipped (a path the plugin never takes): the name stands for it.
                    hashes[reference.Name!] = "unresolved " + reference.FullName;
                    continue;
                }

                if (!IsFramework(resolved))
                {
                    pending.Enqueue(resolved);
                }
            }
        }

        return new StageCode(hashes, usesTorch ? s_torch.Value : null);
    }

    private static string HashOf(Assembly assembly) =>
        assembly.Location is { Length: > 0 } location && File.Exists(location)
            ? AssemblyCodeHash.Of(location)
            // Loaded from bytes: no file to hash, so the module id stands for it (it differs in every build).
            : "mvid " + assembly.ManifestModule.ModuleVersionId.ToString("N");

    private static bool IsFramework(Assembly assembly) =>
        assembly.Location is { Length: > 0 } location && location.StartsWith(s_frameworkRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>
    /// The libtorch packages in the host's dependency manifest (<c>*.deps.json</c>): the native build every
    /// torch stage runs on, read without loading libtorch. A host without one asks libtorch itself.
    /// </summary>
    private static string FindTorchBuild()
    {
        var packages = new SortedSet<string>(StringComparer.Ordinal);
        var depsFiles = AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string ?? "";
        foreach (var file in depsFiles.Split([';', Path.PathSeparator], StringSplitOptions.RemoveEmptyEntries).Where(File.Exists))
        {
            using var deps = JsonDocument.Parse(File.ReadAllBytes(file));
            if (deps.RootElement.TryGetProperty("libraries", out var libraries) && libraries.ValueKind == JsonValueKind.Object)
            {
                packages.UnionWith(libraries.EnumerateObject().Select(p => p.Name).Where(n => n.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase)));
            }
        }

        return packages.Count > 0 ? string.Join(", ", packages) : "libtorch " + torch.__version__;
    }
}
