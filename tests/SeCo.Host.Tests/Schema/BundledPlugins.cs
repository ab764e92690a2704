using Microsoft.Extensions.Logging.Abstractions;
using SeCo.Host.Plugins;
using SeCo.Testing;

namespace SeCo.Host.Tests.Schema;

/// <summary>
/// The plugins the product ships, as built into <c>artifacts/seco/plugins/</c> (this test project references
/// every <c>plugins/*</c> project so they are built first), loaded once like <c>seco</c> loads them.
/// </summary>
internal static class BundledPlugins
{
    private static readonly Lazy<StageCatalog> s_catalog = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The folder <c>seco</c> finds its bundled plugins in.</summary>
    public static string Directory => Path.Combine(GoldenData.RepositoryRoot, "artifacts", "seco", "plugins");

    /// <summary>Every bundled stage.</summary>
    public static StageCatalog Catalog => s_catalog.Value;

    private static StageCatalog Load()
    {
        if (!System.IO.Directory.Exists(Directory) || System.IO.Directory.GetDirectories(Directory).Length == 0)
        {
            throw new DirectoryNotFoundException(
                $"No bundled plugins at {Directory}; build tests/SeCo.Host.Tests (it references every plugins/* project) or SeCo.App.slnf.");
        }

        return PluginLoader.Load([Directory], NullLogger.Instance);
    }
}
