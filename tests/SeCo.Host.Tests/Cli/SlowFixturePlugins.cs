using SeCo.Testing;

namespace SeCo.Host.Tests.Cli;

/// <summary>
/// A plugins directory holding only the Slow fixture plugin (copied from artifacts/test-plugins, where
/// other fixtures, some deliberately broken, live too), and the path of the built <c>seco</c>.
/// </summary>
internal sealed class SlowFixturePlugins : IDisposable
{
    private const string PluginName = "SeCo.Fixtures.Slow";
    private readonly TempDirectory _directory = new("seco-plugins");

    public SlowFixturePlugins()
    {
        var source = System.IO.Path.Combine(GoldenData.RepositoryRoot, "artifacts", "test-plugins", PluginName);
        Directory.Exists(source).Should().BeTrue($"the fixture plugin is built to {source}");
        var target = Directory.CreateDirectory(_directory.File(PluginName)).FullName;
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        }
    }

    /// <summary>The built executable.</summary>
    public static string Seco => System.IO.Path.Combine(GoldenData.RepositoryRoot, "artifacts", "seco", "seco");

    /// <summary>The plugins directory to pass with --plugins.</summary>
    public string Path => _directory.Path;

    public void Dispose() => _directory.Dispose();
}
