using SeCo.Testing;

namespace SeCo.Host.Tests.Plugins;

/// <summary>
/// The fixture plugin folders built from <c>tests/Fixtures/SeCo.Fixtures.Plugin*</c> into
/// <c>artifacts/test-plugins/</c>, and plugins directories assembled from them for one test.
/// </summary>
internal static class FixturePlugins
{
    public const string A = "SeCo.Fixtures.PluginA";
    public const string B = "SeCo.Fixtures.PluginB";
    public const string Broken = "SeCo.Fixtures.PluginBroken";

    /// <summary>The built folder of a fixture plugin.</summary>
    public static string FolderOf(string name)
    {
        var folder = Path.Combine(GoldenData.RepositoryRoot, "artifacts", "test-plugins", name);
        if (!File.Exists(Path.Combine(folder, name + ".dll")))
        {
            throw new DirectoryNotFoundException(
                $"Fixture plugin {name} is not built at {folder}; build tests/SeCo.Host.Tests (it references the fixture projects).");
        }

        return folder;
    }

    /// <summary>Copies fixture plugins into <c>&lt;root&gt;/plugins/</c> and returns that plugins directory.</summary>
    public static string CopyInto(TempDirectory root, params string[] names)
    {
        var pluginsDirectory = root.File("plugins");
        Directory.CreateDirectory(pluginsDirectory);
        foreach (var name in names)
        {
            CopyDirectory(FolderOf(name), Path.Combine(pluginsDirectory, name));
        }

        return pluginsDirectory;
    }

    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(source))
        {
            CopyDirectory(directory, Path.Combine(destination, Path.GetFileName(directory)));
        }
    }
}
