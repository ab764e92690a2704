using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Loader;
using SeCo.Host.Plugins;
using SeCo.Host.Running;
using SeCo.Host.Tests.Plugins;
using SeCo.Host.Tests.Schema;
using SeCo.Testing;
using RecordingLogger = SeCo.Host.Tests.Plugins.RecordingLogger;

namespace SeCo.Host.Tests.Running;

public sealed class StageCodeTests : IDisposable
{
    private readonly TempDirectory _directory = new("seco-stage-code");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Code_of_a_bundled_plugin_covers_the_assemblies_its_load_context_resolves()
    {
        var plugin = PluginLoader.LoadPlugin(Path.Combine(BundledPlugins.Directory, "Eval"), new RecordingLogger())!;

        var code = StageCode.Of(plugin.Assembly);

        code.Assemblies.Keys.Should().Contain(["Eval", "SeCo.Vision", "SeCo.Sdk"]).And.NotContain(["System.Runtime", "System.Private.CoreLib"]);
        // The SeCo.Vision the plugin really runs: the copy its load context resolves (the host's), hashed by content.
        var vision = plugin.LoadContext.LoadFromAssemblyName(new AssemblyName("SeCo.Vision"));
        code.Assemblies["SeCo.Vision"].Should().Be(AssemblyCodeHash.Of(vision.Location));
    }

    [Fact]
    public void Code_of_a_torch_plugin_names_the_libtorch_build()
    {
        var plugin = PluginLoader.LoadPlugin(FixturePlugins.FolderOf(FixturePlugins.A), new RecordingLogger())!;

        var code = StageCode.Of(plugin.Assembly);

        code.Assemblies.Keys.Should().Contain([FixturePlugins.A, "SeCo.Sdk", "TorchSharp"]);
        code.Torch.Should().Contain("libtorch-cpu");
    }

    [Fact]
    public void Changed_dependency_changes_the_code_of_the_plugin_that_loads_it()
    {
        var first = CodeWithVision(_directory.File("first"), value: 1);
        var same = CodeWithVision(_directory.File("same"), value: 1);
        var changed = CodeWithVision(_directory.File("changed"), value: 2);

        same.Should().Equal(first);
        changed["Emitted.Plugin"].Should().Be(first["Emitted.Plugin"]);
        changed["SeCo.Vision"].Should().NotBe(first["SeCo.Vision"]);
    }

    /// <summary>
    /// Emits a plugin calling <c>SeCo.Vision.Helper.Value()</c> and a SeCo.Vision whose <c>Value</c> returns
    /// <paramref name="value"/> into <paramref name="folder"/>, loads the plugin in a context resolving from that
    /// folder, and returns its code.
    /// </summary>
    private static IReadOnlyDictionary<string, string> CodeWithVision(string folder, int value)
    {
        Directory.CreateDirectory(folder);
        var vision = new PersistedAssemblyBuilder(new AssemblyName("SeCo.Vision") { Version = new Version(0, 1, 0, 0) }, typeof(object).Assembly);
        var helper = vision.DefineDynamicModule("SeCo.Vision").DefineType("SeCo.Vision.Helper", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
        var valueMethod = helper.DefineMethod("Value", MethodAttributes.Public | MethodAttributes.Static, typeof(int), Type.EmptyTypes);
        var il = valueMethod.GetILGenerator();
        il.Emit(OpCodes.Ldc_I4, value);
        il.Emit(OpCodes.Ret);
        helper.CreateType();

        var plugin = new PersistedAssemblyBuilder(new AssemblyName("Emitted.Plugin") { Version = new Version(1, 0, 0, 0) }, typeof(object).Assembly);
        var stage = plugin.DefineDynamicModule("Emitted.Plugin").DefineType("Emitted.Plugin.Stage", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
        var run = stage.DefineMethod("Run", MethodAttributes.Public | MethodAttributes.Static, typeof(int), Type.EmptyTypes).GetILGenerator();
        run.Emit(OpCodes.Call, valueMethod);
        run.Emit(OpCodes.Ret);
        stage.CreateType();

        vision.Save(Path.Combine(folder, "SeCo.Vision.dll"));
        plugin.Save(Path.Combine(folder, "Emitted.Plugin.dll"));
        var context = new FolderLoadContext(folder);
        try
        {
            return StageCode.Of(context.LoadFromAssemblyPath(Path.Combine(folder, "Emitted.Plugin.dll"))).Assemblies;
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Resolves assemblies from one folder first, like a plugin's load context resolves from the plugin's folder.</summary>
    private sealed class FolderLoadContext(string folder) : AssemblyLoadContext(isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(folder, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
