using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using SeCo.Host.Cli;
using SeCo.Sdk;
using SeCo.Testing;
using Xunit.Abstractions;

namespace SeCo.Host.Tests.Architecture;

/// <summary>
/// The dependency rules of docs/architecture.md, checked on the built assemblies (assembly references read from their
/// metadata, namespace dependencies read from the host's IL): the host depends on the SDK and its runtime only; the SDK
/// on no assembly of the repository; the runtime and SeCo.Vision on the SDK only; plugins on the SDK and SeCo.Vision,
/// never on the host, its runtime or each other; and the host's namespaces form no cycle.
/// </summary>
public sealed class ArchitectureTests(ITestOutputHelper output)
{
    private static readonly Assembly s_host = typeof(SecoCli).Assembly;

    /// <summary>The assemblies the repository builds: the host, sdk/*, and every plugin (named after its project).</summary>
    private static readonly HashSet<string> s_repositoryAssemblies = RepositoryAssemblies();

    [Fact]
    public void The_host_references_the_sdk_and_its_runtime_and_no_vision_reporting_or_plugin_assembly()
    {
        OwnReferences(s_host).Should().Equal(["SeCo.Host.Runtime", "SeCo.Sdk"], "the host is generic: domain code (SeCo.Vision) and the report live in plugins");
    }

    [Fact]
    public void The_runtime_references_only_the_sdk()
    {
        OwnReferences(typeof(SeCo.Host.Runtime.TensorContext).Assembly).Should().Equal(["SeCo.Sdk"]);
    }

    [Fact]
    public void The_sdk_references_no_assembly_of_the_repository()
    {
        OwnReferences(typeof(SdkContract).Assembly).Should().BeEmpty("the SDK is the contract everything else builds on");
    }

    [Fact]
    public void SeCo_Vision_references_only_the_sdk()
    {
        var vision = Path.Combine(PluginsFolder, "Eval", "SeCo.Vision.dll");
        OwnReferences(vision).Should().BeSubsetOf(["SeCo.Sdk"]);
    }

    [Fact]
    public void Plugins_reference_the_sdk_and_vision_but_never_the_host_or_another_plugin()
    {
        var plugins = Directory.GetDirectories(PluginsFolder).Select(d => Path.Combine(d, Path.GetFileName(d) + ".dll")).Where(File.Exists).ToList();
        plugins.Select(Path.GetFileNameWithoutExtension).Should().Contain(["Eval", "Report.Html"], "the bundled plugins are built before the tests");
        foreach (var plugin in plugins)
        {
            OwnReferences(plugin).Should().BeSubsetOf(["SeCo.Sdk", "SeCo.Vision"], $"{Path.GetFileName(plugin)} is a plugin");
        }
    }

    [Fact]
    public void Training_metrics_are_written_only_through_SeCo_Vision_TrainingLog()
    {
        // TensorBoard event files come from TorchSharp's SummaryWriter (torch.utils.tensorboard); only TrainingLog uses it.
        string[] tensorBoard = ["SummaryWriter", "tensorboard"];
        TypeReferences(Path.Combine(PluginsFolder, "Eval", "SeCo.Vision.dll")).Should().Contain("SummaryWriter");
        foreach (var plugin in Directory.GetDirectories(PluginsFolder).Select(d => Path.Combine(d, Path.GetFileName(d) + ".dll")).Where(File.Exists))
        {
            TypeReferences(plugin).Should().NotContain(tensorBoard, $"{Path.GetFileName(plugin)} writes training metrics through SeCo.Vision's TrainingLog");
        }

        // The training stages (train.supervised and adapt.unimatch in Adapt.UniMatch, scc in Scc) log through it.
        foreach (var trainer in new[] { "Adapt.UniMatch", "Scc" })
        {
            TypeReferences(Path.Combine(PluginsFolder, trainer, trainer + ".dll")).Should().Contain("TrainingLog", trainer + " has training stages");
        }
    }

    [Fact]
    public void The_host_namespaces_form_no_cycle()
    {
        var graph = NamespaceGraph.Of(s_host, "SeCo.Host");
        foreach (var (from, to) in graph.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{from} -> {string.Join(", ", to.Order(StringComparer.Ordinal))}");
        }

        var cycles = NamespaceGraph.Cycles(graph);

        cycles.Should().BeEmpty("a namespace of the host may use another only if that one does not use it back, directly or not; "
            + "found: " + string.Join("; ", cycles.Select(c => string.Join(" -> ", c) + " (" + NamespaceGraph.Evidence(s_host, "SeCo.Host", c) + ")")));
    }

    [Fact]
    public void The_cycle_check_finds_a_cycle_of_three()
    {
        var graph = new Dictionary<string, HashSet<string>>
        {
            ["A"] = ["B"],
            ["B"] = ["C"],
            ["C"] = ["A", "D"],
            ["D"] = [],
        };

        NamespaceGraph.Cycles(graph).Should().ContainSingle().Which.Should().BeEquivalentTo(["A", "B", "C"]);
    }

    private static string PluginsFolder => Path.Combine(GoldenData.RepositoryRoot, "artifacts", "seco", "plugins");

    private static List<string> OwnReferences(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(s_repositoryAssemblies.Contains).Order(StringComparer.Ordinal).ToList();

    private static List<string> OwnReferences(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name))
            .Where(s_repositoryAssemblies.Contains).Order(StringComparer.Ordinal).ToList();
    }

    private static List<string> TypeReferences(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return [.. metadata.TypeReferences.Select(h => metadata.GetString(metadata.GetTypeReference(h).Name)).Distinct()];
    }

    private static HashSet<string> RepositoryAssemblies()
    {
        var root = GoldenData.RepositoryRoot;
        var projects = new[] { "sdk", "plugins", "host" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.csproj", SearchOption.AllDirectories))
            .Select(Path.GetFileNameWithoutExtension)
            .Select(name => name!);
        return new HashSet<string>(projects.Append(s_host.GetName().Name!), StringComparer.Ordinal);
    }
}
