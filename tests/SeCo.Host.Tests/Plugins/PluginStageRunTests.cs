using System.Runtime.Loader;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SeCo.Host.Plugins;
using SeCo.Host.Runtime;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Stages;
using SeCo.Sdk.Tensors;
using SeCo.Testing;
using TorchSharp;

namespace SeCo.Host.Tests.Plugins;

public sealed class PluginStageRunTests
{
    private static readonly string[] s_sharedAssemblies =
    [
        "SeCo.Sdk",
        "TorchSharp",
        "Microsoft.Extensions.DependencyInjection.Abstractions",
        "Microsoft.Extensions.Logging.Abstractions",
    ];

    [Fact]
    public async Task Plugin_stage_runs_with_options_bound_from_json_across_the_load_context_boundary()
    {
        using var temp = new TempDirectory();
        var set = PluginLoader.LoadPlugins([FixturePlugins.CopyInto(temp, FixturePlugins.A)], new RecordingLogger());
        set.Catalog.TryGet("fixtures.sum", out var descriptor).Should().BeTrue();

        var services = new ServiceCollection();
        set.ConfigureServices(services);
        await using var provider = services.BuildServiceProvider();
        var options = JsonSerializer.Deserialize("""{"count": 5, "scale": 2}""", descriptor.OptionsType, JsonSerializerOptions.Web)!;
        var stage = ActivatorUtilities.CreateInstance(provider, descriptor.StageType);
        var stageInterface = typeof(IStage<>).MakeGenericType(descriptor.OptionsType);
        using var tensors = new TensorContext(torch.CPU);
        var progress = new RecordingProgress();
        var context = new StageContext
        {
            StageId = "sum",
            OutputDirectory = temp.File("out"),
            PipelineDirectory = temp.Path,
            Logger = NullLogger.Instance,
            Progress = progress,
            Seed = 1,
            Tensors = tensors,
            Services = provider,
        };

        var run = (Task<StageOutputs>)stageInterface.GetMethod(nameof(IStage<object>.RunAsync))!
            .Invoke(stage, [context, options, StageInputs.Empty, CancellationToken.None])!;
        var outputs = await run;

        // (0 + 1 + 2 + 3 + 4) * 2 + the offset 100 registered by the plugin's startup.
        outputs.Artifacts["report"].Should().BeOfType<Report>().Which.Metrics["sum"].Should().Be(120);
        progress.Reports.Should().Equal((1L, 1L));
        stage.Should().BeAssignableTo(stageInterface);
        AssemblyLoadContext.GetLoadContext(options.GetType().Assembly).Should().BeSameAs(set.Plugins[0].LoadContext);
    }

    [Fact]
    public void Shared_assemblies_are_loaded_once_by_the_default_context_even_when_a_plugin_ships_copies()
    {
        using var temp = new TempDirectory();
        var plugins = FixturePlugins.CopyInto(temp, FixturePlugins.A);
        foreach (var shared in new[] { typeof(IStage<>), typeof(IServiceCollection) })
        {
            var copy = Path.Combine(plugins, FixturePlugins.A, Path.GetFileName(shared.Assembly.Location));
            File.Copy(shared.Assembly.Location, copy);
        }

        var set = PluginLoader.LoadPlugins([plugins], new RecordingLogger());
        var stageType = set.Catalog.Stages.Single().StageType;

        // Make the plugin's load context resolve every shared assembly it references.
        foreach (var reference in stageType.Assembly.GetReferencedAssemblies())
        {
            set.Plugins[0].LoadContext.LoadFromAssemblyName(reference);
        }

        foreach (var name in s_sharedAssemblies)
        {
            var copies = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == name).ToList();
            copies.Should().ContainSingle($"{name} is shared with plugins");
            AssemblyLoadContext.GetLoadContext(copies[0]).Should().BeSameAs(AssemblyLoadContext.Default);
        }

        stageType.Assembly.GetReferencedAssemblies().Select(r => r.Name)
            .Should().Contain(["SeCo.Sdk", "TorchSharp", "Microsoft.Extensions.DependencyInjection.Abstractions"]);
        set.Plugins[0].LoadContext.Assemblies.Select(a => a.GetName().Name).Should().Equal(FixturePlugins.A);
    }

    private sealed class RecordingProgress : IStageProgress
    {
        public List<(long Done, long Total)> Reports { get; } = [];

        public void Report(long done, long total, string? phase = null) => Reports.Add((done, total));
    }
}
