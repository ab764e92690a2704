using System.Runtime.Loader;
using Microsoft.Extensions.Logging;
using SeCo.Host.Plugins;
using SeCo.Sdk;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Stages;
using SeCo.Testing;

namespace SeCo.Host.Tests.Plugins;

public sealed class PluginLoaderTests
{
    [Fact]
    public void Valid_plugin_yields_its_stage_ports_version_and_startup()
    {
        using var temp = new TempDirectory();
        var plugins = FixturePlugins.CopyInto(temp, FixturePlugins.A);

        var set = PluginLoader.LoadPlugins([plugins], new RecordingLogger());

        set.Catalog.TryGet("fixtures.sum", out var stage).Should().BeTrue();
        stage.StageType.FullName.Should().Be("SeCo.Fixtures.PluginA.SumStage");
        stage.OptionsType.FullName.Should().Be("SeCo.Fixtures.PluginA.SumOptions");
        stage.Attribute.Description.Should().Be("Sums integers with torch (test fixture).");
        stage.Ports.Should().ContainSingle().Which.Should().Match<PortDescriptor>(p =>
            p.Name == "report" && p.Direction == PortDirection.Output && p.ArtifactType == typeof(Report));
        stage.Plugin.Should().Be(new PluginInfo(FixturePlugins.A, "1.2.3", Path.Combine(plugins, FixturePlugins.A)));
        set.Plugins.Should().ContainSingle().Which.SdkVersion.Major.Should().Be(SdkContract.Version.Major);
        set.Assemblies.Should().ContainSingle().Which.GetName().Name.Should().Be(FixturePlugins.A);
        set.Startups.Should().ContainSingle().Which.GetType().FullName.Should().Be("SeCo.Fixtures.PluginA.SumStartup");
    }

    [Fact]
    public void Built_plugin_folder_holds_its_own_files_and_documentation_only()
    {
        var folder = FixturePlugins.FolderOf(FixturePlugins.A);

        Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Should().BeEquivalentTo(
            $"{FixturePlugins.A}.dll", $"{FixturePlugins.A}.xml", $"{FixturePlugins.A}.deps.json", $"{FixturePlugins.A}.runtimeconfig.json");
    }

    [Fact]
    public void Load_returns_the_catalog_of_every_plugin_directory()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        var firstPlugins = FixturePlugins.CopyInto(first, FixturePlugins.A);
        var secondPlugins = second.File("plugins");
        EmittedPlugin.WriteWithoutStages(secondPlugins, "SeCo.Fixtures.PluginEmpty", typeof(PortDirection));

        var catalog = PluginLoader.Load([firstPlugins, secondPlugins], new RecordingLogger());

        catalog.Stages.Select(s => s.Id).Should().Equal("fixtures.sum");
    }

    [Fact]
    public void Plugin_lives_in_its_own_load_context_and_shares_the_sdk_types()
    {
        using var temp = new TempDirectory();
        var plugins = FixturePlugins.CopyInto(temp, FixturePlugins.A);

        var set = PluginLoader.LoadPlugins([plugins], new RecordingLogger());

        var stage = set.Catalog.Stages.Single();
        AssemblyLoadContext.GetLoadContext(stage.StageType.Assembly).Should().NotBe(AssemblyLoadContext.Default);
        AssemblyLoadContext.GetLoadContext(stage.StageType.Assembly).Should().BeSameAs(set.Plugins[0].LoadContext);
        set.Plugins[0].LoadContext.IsCollectible.Should().BeFalse("torch plugins are never unloaded");
        stage.StageType.GetInterfaces().Should().Contain(typeof(IStage<>).MakeGenericType(stage.OptionsType));
        var sdkAsSeenByPlugin = stage.StageType.GetInterfaces().Single(i => i.IsGenericType).GetGenericTypeDefinition();
        sdkAsSeenByPlugin.Should().BeSameAs(typeof(IStage<>));
    }

    [Fact]
    public void Duplicate_stage_ids_across_plugins_are_refused_naming_both_plugins()
    {
        using var temp = new TempDirectory();
        var plugins = FixturePlugins.CopyInto(temp, FixturePlugins.A, FixturePlugins.B);

        var load = () => PluginLoader.Load([plugins], new RecordingLogger());

        load.Should().Throw<PluginLoadException>()
            .Which.Message.Should().ContainAll("'fixtures.sum'", FixturePlugins.A, FixturePlugins.B, "SumStage", "ClashingStage");
    }

    [Fact]
    public void Same_plugin_in_two_directories_is_refused_naming_both_folders()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        var firstPlugins = FixturePlugins.CopyInto(first, FixturePlugins.A);
        var secondPlugins = FixturePlugins.CopyInto(second, FixturePlugins.A);

        var load = () => PluginLoader.Load([firstPlugins, secondPlugins], new RecordingLogger());

        load.Should().Throw<PluginLoadException>()
            .Which.Message.Should().ContainAll("found twice", Path.Combine(firstPlugins, FixturePlugins.A), Path.Combine(secondPlugins, FixturePlugins.A));
    }

    [Theory]
    [InlineData("TorchSharp.dll")]
    [InlineData("libtorch_cpu.so")]
    [InlineData("runtimes/linux-x64/native/libtorch_cpu.so")]
    public void Plugin_folder_carrying_torch_is_refused_saying_why(string torchFile)
    {
        using var temp = new TempDirectory();
        var plugins = FixturePlugins.CopyInto(temp, FixturePlugins.A);
        var path = Path.Combine(plugins, FixturePlugins.A, torchFile);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [0x7F, 0x45, 0x4C, 0x46]);

        var load = () => PluginLoader.Load([plugins], new RecordingLogger());

        load.Should().Throw<PluginLoadException>()
            .Which.Message.Should().ContainAll(FixturePlugins.A, Path.GetFileName(torchFile), "multiple backend fallbacks", "compile-only");
    }

    [Fact]
    public void Plugin_built_for_the_next_sdk_major_is_refused_before_loading_naming_both_versions()
    {
        using var temp = new TempDirectory();
        var plugins = temp.File("plugins");
        const string name = "SeCo.Fixtures.PluginFutureMajor";
        var future = new Version(SdkContract.Version.Major + 1, 0, 0, 0);
        var path = EmittedPlugin.WriteAgainstSdk(plugins, name, future);
        PluginFolder.ReadSdkReference(path).Should().Be(future, $"the emitted file must reference SeCo.Sdk {future}");

        var load = () => PluginLoader.Load([plugins], new RecordingLogger());

        load.Should().Throw<PluginLoadException>()
            .Which.Message.Should().ContainAll(name, $"SeCo SDK {future.Major}.x", $"SeCo SDK {SdkContract.Version.Major}.x", "rebuild");
        AppDomain.CurrentDomain.GetAssemblies().Should().NotContain(a => a.GetName().Name == name, "the check reads metadata only");
    }

    [Fact]
    public void Plugin_built_for_a_newer_sdk_minor_is_refused_asking_for_a_newer_host()
    {
        using var temp = new TempDirectory();
        var plugins = temp.File("plugins");
        var newer = new Version(SdkContract.Version.Major, SdkContract.Version.Minor + 1, 0, 0);
        EmittedPlugin.WriteAgainstSdk(plugins, "SeCo.Fixtures.PluginFutureMinor", newer);

        var load = () => PluginLoader.Load([plugins], new RecordingLogger());

        load.Should().Throw<PluginLoadException>()
            .Which.Message.Should().ContainAll("SeCo.Fixtures.PluginFutureMinor", newer.ToString(3), "newer than this host");
    }

    [Fact]
    public void Assembly_not_referencing_the_sdk_is_skipped_with_a_warning_saying_it_is_not_a_plugin()
    {
        using var temp = new TempDirectory();
        var plugins = FixturePlugins.CopyInto(temp, FixturePlugins.A);
        EmittedPlugin.WriteWithoutSdk(plugins, "Some.Library");
        var logger = new RecordingLogger();

        var set = PluginLoader.LoadPlugins([plugins], logger);

        set.Plugins.Select(p => p.Info.Name).Should().Equal(FixturePlugins.A);
        logger.Entries.Should().ContainSingle(e => e.Level == LogLevel.Warning).Which.Message.Should()
            .ContainAll("Some.Library.dll", "is not a SeCo plugin", "does not reference SeCo.Sdk");
        AppDomain.CurrentDomain.GetAssemblies().Should().NotContain(a => a.GetName().Name == "Some.Library");
    }

    [Fact]
    public void File_that_is_not_an_assembly_is_refused_naming_it()
    {
        using var temp = new TempDirectory();
        var folder = temp.File("plugins", "Garbage");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "Garbage.dll"), "not a PE file");

        var load = () => PluginLoader.Load([temp.File("plugins")], new RecordingLogger());

        load.Should().Throw<PluginLoadException>().Which.Message.Should().ContainAll("Garbage.dll", "is not a .NET assembly");
    }

    [Fact]
    public void Folder_without_its_main_assembly_is_refused_naming_the_folder_and_what_it_holds()
    {
        using var temp = new TempDirectory();
        var plugins = FixturePlugins.CopyInto(temp, FixturePlugins.A);
        var renamed = Path.Combine(plugins, "Renamed");
        Directory.Move(Path.Combine(plugins, FixturePlugins.A), renamed);

        var load = () => PluginLoader.Load([plugins], new RecordingLogger());

        load.Should().Throw<PluginLoadException>()
            .Which.Message.Should().ContainAll(renamed, "'Renamed.dll'", $"{FixturePlugins.A}.dll");
    }

    [Fact]
    public void Missing_plugins_directory_is_refused()
    {
        using var temp = new TempDirectory();
        var missing = temp.File("no-such-plugins");

        var load = () => PluginLoader.Load([missing], new RecordingLogger());

        load.Should().Throw<PluginLoadException>().Which.Message.Should().ContainAll(missing, "does not exist");
    }

    [Fact]
    public void Plugin_without_stages_loads_and_is_logged()
    {
        using var temp = new TempDirectory();
        var plugins = temp.File("plugins");
        EmittedPlugin.WriteWithoutStages(plugins, "SeCo.Fixtures.PluginEmpty", typeof(PortDirection));
        var logger = new RecordingLogger();

        var set = PluginLoader.LoadPlugins([plugins], logger);

        set.Catalog.Stages.Should().BeEmpty();
        set.Plugins.Should().ContainSingle().Which.Info.Name.Should().Be("SeCo.Fixtures.PluginEmpty");
        logger.Entries.Should().Contain(e => e.Level == LogLevel.Warning && e.Message.Contains("SeCo.Fixtures.PluginEmpty") && e.Message.Contains("no stages"));
        logger.Entries.Should().Contain(e => e.Level == LogLevel.Information && e.Message.Contains("Loaded 1 plugins with 0 stages"));
    }

    [Fact]
    public void Every_problem_of_every_folder_is_reported_at_once()
    {
        using var temp = new TempDirectory();
        var plugins = FixturePlugins.CopyInto(temp, FixturePlugins.A, FixturePlugins.Broken);
        File.WriteAllBytes(Path.Combine(plugins, FixturePlugins.A, "TorchSharp.dll"), []);
        EmittedPlugin.WriteAgainstSdk(plugins, "SeCo.Fixtures.PluginFutureMajor", new Version(SdkContract.Version.Major + 1, 0, 0, 0));

        var load = () => PluginLoader.Load([plugins], new RecordingLogger());

        var message = load.Should().Throw<PluginLoadException>().Which.Message;
        message.Should().StartWith("5 plugin problems:");
        message.Should().ContainAll("TorchSharp.dll", $"SeCo SDK {SdkContract.Version.Major + 1}.x", "Fixtures.Bad_Id", "NotAStage", "'images'");
    }

    [Fact]
    public void Malformed_stage_types_are_refused_naming_type_and_plugin()
    {
        using var temp = new TempDirectory();
        var plugins = FixturePlugins.CopyInto(temp, FixturePlugins.Broken);

        var load = () => PluginLoader.Load([plugins], new RecordingLogger());

        var lines = load.Should().Throw<PluginLoadException>().Which.Message.Split(Environment.NewLine);
        lines[0].Should().Be("3 plugin problems:");
        lines.Skip(1).Should().AllSatisfy(line => line.Should().Contain($"Plugin '{FixturePlugins.Broken}'"));
        lines.Should().Contain(l => l.Contains("SeCo.Fixtures.PluginBroken.UpperCaseIdStage") && l.Contains("invalid stage id 'Fixtures.Bad_Id'"));
        lines.Should().Contain(l => l.Contains("SeCo.Fixtures.PluginBroken.NotAStage") && l.Contains("does not implement IStage<TOptions>"));
        lines.Should().Contain(l => l.Contains("SeCo.Fixtures.PluginBroken.TwinPortStage") && l.Contains("input port 'images' more than once (fields Images, MoreImages)"));
    }
}
