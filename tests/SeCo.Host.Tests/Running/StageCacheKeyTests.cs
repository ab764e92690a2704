using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SeCo.Host.Hosting;
using SeCo.Host.Pipelines;
using SeCo.Host.Planning;
using SeCo.Host.Plugins;
using SeCo.Host.Running;
using SeCo.Host.Runtime;
using SeCo.Host.Tests.Plugins;
using SeCo.Host.Tests.Stages;
using SeCo.Sdk.Stages;
using SeCo.Sdk.Tensors;
using SeCo.Testing;
using RecordingLogger = SeCo.Host.Tests.Plugins.RecordingLogger;

namespace SeCo.Host.Tests.Running;

/// <summary>
/// What the stage cache key covers beyond options and inputs (pipeline settings, the plugin's code, the cache
/// format) and the one-line reasons the runner gives for each stage.
/// </summary>
public sealed class StageCacheKeyTests : IDisposable
{
    private readonly TempDirectory _directory = new("seco-cache-key");
    private readonly TensorContext _tensors = TensorContext.Create("cpu");
    private readonly RunLog _log = new();
    private readonly RecordingLogger _logger = new();

    public void Dispose()
    {
        _tensors.Dispose();
        _directory.Dispose();
    }

    private static string Chain(int seed = 0, string taxonomy = "\"cityscapes19\"", string onBadItem = "fail") => $$"""
        {
          "name": "keys", "device": "cpu", "seed": {{seed}}, "taxonomy": {{taxonomy}}, "onBadItem": "{{onBadItem}}",
          "stages": [
            { "id": "s", "use": "test.source", "with": { "count": 2 } },
            { "id": "t", "use": "test.transform", "in": { "items": "s.items" } }
          ]
        }
        """;

    [Fact]
    public async Task Seed_change_reruns_the_seeded_stages_and_their_dependents_and_says_why()
    {
        (await RunAsync(Chain(seed: 0))).Should().Equal(("s", "ran", CacheExplanation.FirstRun), ("t", "ran", CacheExplanation.FirstRun));

        (await RunAsync(Chain(seed: 1))).Should().Equal(
            ("s", "ran", "re-ran: seed changed 0 -> 1"),
            ("t", "ran", "re-ran: seed changed 0 -> 1; input items changed (s)"));

        (await RunAsync(Chain(seed: 0))).Should().Equal(("s", "cached", CacheExplanation.Reused), ("t", "cached", CacheExplanation.Reused));
    }

    [Fact]
    public async Task Taxonomy_and_bad_item_policy_changes_rerun()
    {
        await RunAsync(Chain());

        (await RunAsync(Chain(taxonomy: "\"pascal\""))).Select(r => r.Why).Should().Equal(
            "re-ran: taxonomy changed \"cityscapes19\" -> \"pascal\"",
            "re-ran: taxonomy changed \"cityscapes19\" -> \"pascal\"; input items changed (s)");
        (await RunAsync(Chain(taxonomy: "\"pascal\"", onBadItem: "skip"))).Select(r => r.Why).Should().Equal(
            "re-ran: onBadItem changed fail -> skip",
            "re-ran: onBadItem changed fail -> skip; input items changed (s)");
    }

    [Fact]
    public async Task Option_change_names_the_option_and_forced_stages_say_so()
    {
        await RunAsync(Chain());

        (await RunAsync(Chain(), sets: ["t.with.factor=3"])).Should().Equal(("s", "cached", CacheExplanation.Reused), ("t", "ran", "re-ran: option factor changed 2 -> 3"));
        (await RunAsync(Chain(), request: new RunRequest { Force = ["s"] })).Select(r => r.Why).Should().Equal(CacheExplanation.Forced, CacheExplanation.Forced);
    }

    [Fact]
    public async Task Manifests_of_the_old_format_rerun_once_with_one_notice()
    {
        await RunAsync(Chain());
        var workspace = _directory.File("keys", "runs", "keys");
        foreach (var folder in Directory.GetDirectories(workspace))
        {
            // As seco before the key was recorded wrote it: format 1, no key, another fingerprint.
            var manifestPath = Path.Combine(folder, ManifestStore.FileName);
            var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
            manifest.Remove("key");
            manifest["formatVersion"] = 1;
            manifest["fingerprint"] = new string('0', 64);
            File.WriteAllText(manifestPath, manifest.ToJsonString());
            Directory.Move(folder, Path.Combine(workspace, manifest["stageId"]!.GetValue<string>() + "-000000000000"));
        }

        (await RunAsync(Chain())).Should().Equal(("s", "ran", CacheExplanation.FormatChanged), ("t", "ran", CacheExplanation.FormatChanged));
        (await RunAsync(Chain())).Should().Equal(("s", "cached", CacheExplanation.Reused), ("t", "cached", CacheExplanation.Reused));

        _logger.Entries.Where(e => e.Level == LogLevel.Warning && e.Message == CacheExplanation.FormatNotice).Should().ContainSingle();
    }

    [Fact]
    public async Task Plugin_code_change_reruns_its_stage_and_dependents_only_and_a_rebuild_of_the_same_source_reruns_nothing()
    {
        const string json = """
            {
              "name": "code", "device": "cpu",
              "stages": [
                { "id": "sum", "use": "fixtures.sum", "with": { "count": 4 } },
                { "id": "after", "use": "test.gate", "in": { "in": "sum.report" } },
                { "id": "other", "use": "test.source" }
              ]
            }
            """;
        var original = FixturePlugins.FolderOf(FixturePlugins.A);
        var rebuilt = Path.Combine(Path.GetDirectoryName(original)!, "rebuilt", FixturePlugins.A);
        var changed = Path.Combine(Path.GetDirectoryName(original)!, "changed", FixturePlugins.A);

        (await RunAsync(json, original)).Select(r => r.State).Should().Equal("ran", "ran", "ran");

        (await RunAsync(json, rebuilt)).Should().OnlyContain(r => r.State == "cached" && r.Why == CacheExplanation.Reused,
            "the same source built with another commit stamp is the same code");
        (await RunAsync(json, changed)).Should().Equal(
            ("sum", "ran", $"re-ran: code of plugin {FixturePlugins.A} changed ({FixturePlugins.A}.dll)"),
            ("after", "ran", "re-ran: input in changed (sum)"),
            ("other", "cached", CacheExplanation.Reused));
    }

    [Fact]
    public async Task Explain_prints_one_reason_per_stage_in_pipeline_order()
    {
        using var cli = new Cli.CliHarness();
        var path = cli.Pipeline.Write("""
            { "name": "p", "device": "cpu", "stages": [
              { "id": "source", "use": "test.source" },
              { "id": "t", "use": "test.transform", "in": { "items": "source.items" } } ] }
            """);
        (await cli.RunAsync("run", path, "--explain")).Should().Be(0);

        (await cli.RunAsync("run", path, "--set", "source.with.count=5", "--explain")).Should().Be(0);

        cli.Out.Should().Contain("""
            Why each stage ran:
              source  first run
              t       first run
            """.ReplaceLineEndings()).And.Contain("""
            Why each stage ran:
              source  re-ran: option count changed 3 -> 5
              t       re-ran: input items changed (source)
            """.ReplaceLineEndings());
    }

    /// <summary>Runs a pipeline over the test stages (and the plugin in <paramref name="pluginFolder"/>, when given).</summary>
    /// <returns>Per stage in pipeline order: id, "ran" or "cached", and the explanation.</returns>
    private async Task<List<(string Id, string State, string? Why)>> RunAsync(string json, string? pluginFolder = null, RunRequest? request = null, string[]? sets = null)
    {
        var plugin = pluginFolder is null ? null : PluginLoader.LoadPlugin(pluginFolder, new RecordingLogger())!;
        var catalog = new StageCatalog(TestCatalog.StageTypes.Select(t => StageDescriptor.FromType(t, new PluginInfo("test", "1.0", null)))
            .Concat(plugin?.Stages ?? []));
        var name = JsonNode.Parse(json)!["name"]!.GetValue<string>();
        Directory.CreateDirectory(_directory.File(name));
        var path = _directory.File(name, "pipeline.json");
        await File.WriteAllTextAsync(path, json);
        var loaded = PipelineLoader.Load(path, (sets ?? []).Select(SetOverride.Parse).ToList(), catalog, _ => null);
        loaded.Errors.Should().BeEmpty();

        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(new SingleLoggerProvider(_logger)));
        IPluginStartup[] startups = [new TestStartup(_log), .. plugin?.Startups ?? []];
        await using var services = HostServices.Build(loggers, _tensors, startups);
        var summary = await new PipelineRunner(services, catalog, new RecordingObserver()).RunAsync(loaded.Plan!, request ?? RunRequest.Default, CancellationToken.None);
        summary.State.Should().Be(RunState.Succeeded, string.Join("\n", summary.Stages.Select(s => $"{s.Id}: {s.Error}")));
        return summary.Stages.Select(s => (s.Id, s.State == StageRunState.Cached ? "cached" : "ran", s.Cache)).ToList();
    }

    private sealed class SingleLoggerProvider(ILogger logger) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
