using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Loader;
using SeCo.Host.Plugins;

namespace SeCo.Host.Tests.Plugins;

public sealed class PluginVersionTests
{
    [Theory]
    [InlineData("4.5.6+0123abcd", "4.5.6")]
    [InlineData("4.5.6-beta.2+0123abcd", "4.5.6-beta.2")]
    [InlineData("4.5.6", "4.5.6")]
    public void Plugin_version_is_the_informational_version_without_build_metadata(string informational, string expected)
    {
        var assembly = LoadWith(new AssemblyName("Versioned") { Version = new Version(9, 9, 9, 9) }, informational);

        PluginLoader.VersionOf(assembly).Should().Be(expected);
    }

    [Fact]
    public void Plugin_version_falls_back_to_the_assembly_version()
    {
        var assembly = LoadWith(new AssemblyName("Unversioned") { Version = new Version(3, 1, 0, 0) }, informationalVersion: null);

        PluginLoader.VersionOf(assembly).Should().Be("3.1.0.0");
    }

    private static Assembly LoadWith(AssemblyName name, string? informationalVersion)
    {
        var builder = new PersistedAssemblyBuilder(name, typeof(object).Assembly);
        if (informationalVersion is not null)
        {
            builder.SetCustomAttribute(new CustomAttributeBuilder(
                typeof(AssemblyInformationalVersionAttribute).GetConstructor([typeof(string)])!, [informationalVersion]));
        }

        builder.DefineDynamicModule(name.Name!);
        using var stream = new MemoryStream();
        builder.Save(stream);
        stream.Position = 0;
        return new AssemblyLoadContext(name.Name, isCollectible: true).LoadFromStream(stream);
    }
}
