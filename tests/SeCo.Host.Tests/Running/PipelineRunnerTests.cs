using System.Text.Json;
using SeCo.Host.Running;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.IO;

namespace SeCo.Host.Tests.Running;

public sealed class PipelineRunnerTests : IDisposable
{
    private const string Chain = """
        {
          "name": "chain",
          "device": "cpu",
          "stages": [
            { "id": "s", "use": "test.source", "with": { "count": 2 } },
            { "id": "t", "use": "test.transform", "in": { "items": "s.items" } },
            { "id": "u", "use": "test.transform", "in": { "items": "t.result" } },
            { "id": "other", "use": "test.source", "with": { "text": "o" } }
          ]
        }
        """;

    private readonly RunnerFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Stages_run_after_their_inputs_and_outputs_flow_between_them()
    {
        var plan = _fixture.Plan(Chain);

        var summary = await _fixture.RunAsync(plan);

        summary.State.Should().Be(RunState.Succeeded);
        var order = _fixture.Log.RunIds.ToList();
        order.IndexOf("s").Should().BeLessThan(order.IndexOf("t"));
        order.IndexOf("t").Should().BeLessThan(order.IndexOf("u"));
        var u = summary.Stages.Single(s => s.Id == "u");
        File.ReadAllText(Path.Combine(u.OutputDirectory, "result.txt")).Should().Be("aaaaaaaa");
        Path.GetFileName(u.OutputDirectory).Should().Be($"u-{u.Fingerprint[..12]}");
    }

    [Fact]
    public async Task Independent_stages_run_concurrently()
    {
        // Each gate finishes only after the other has started: a serial runner would time out.
        var plan = _fixture.Plan("""
            { "name": "p", "device": "cpu", "stages": [
              { "id": "a", "use": "test.gate", "with": { "waitFor": "b" } },
              { "id": "b", "use": "test.gate", "with": { "waitFor": "a" } },
              { "id": "c", "use": "test.gate", "in": { "in": "a.done" } } ] }
            """);

        var summary = await _fixture.RunAsync(plan);

        summary.State.Should().Be(RunState.Succeeded, because: string.Join(", ", summary.Stages.Select(s => s.Error)));
        _fixture.Log.MaxConcurrent.Should().Be(2);
        _fixture.Log.RunIds.Last().Should().Be("c");
    }

    [Fact]
    public async Task Stages_that_use_the_device_never_hold_it_at_the_same_time()
    {
        var plan = _fixture.Plan("""
            { "name": "p", "device": "cpu", "stages": [
              { "id": "a", "use": "test.device", "with": { "delayMs": 150 } },
              { "id": "b", "use": "test.device", "with": { "delayMs": 150 } },
              { "id": "c", "use": "test.device", "with": { "delayMs": 150 } } ] }
            """);

        var summary = await _fixture.RunAsync(plan);

        summary.State.Should().Be(RunState.Succeeded);
        _fixture.Log.RunIds.Should().HaveCount(3);
        _fixture.Log.MaxConcurrentDevice.Should().Be(1);
    }

    [Fact]
    public async Task Second_run_of_an_unchanged_pipeline_runs_nothing_and_reads_outputs_back()
    {
        (await _fixture.RanAsync(_fixture.Plan(Chain))).Should().BeEquivalentTo(["s", "t", "u", "other"]);

        var summary = await _fixture.RunAsync(_fixture.Plan(Chain));

        summary.Stages.Should().OnlyContain(s => s.State == StageRunState.Cached);
        _fixture.Log.RunIds.Should().HaveCount(4);
        _fixture.Observer.Events.Should().Contain(["cached s", "cached t", "cached u", "cached other"]);
    }

    [Fact]
    public async Task Changing_one_stage_options_reruns_it_and_its_descendants_only()
    {
        await _fixture.RanAsync(_fixture.Plan(Chain));

        (await _fixture.RanAsync(_fixture.Plan(Chain, "t.with.factor=3"))).Should().BeEquivalentTo(["t", "u"]);
        (await _fixture.RanAsync(_fixture.Plan(Chain, "u.with.factor=4"))).Should().BeEquivalentTo(["u"]);
        (await _fixture.RanAsync(_fixture.Plan(Chain, "s.with.count=5"))).Should().BeEquivalentTo(["s", "t", "u"]);
    }

    [Fact]
    public async Task Writing_a_default_explicitly_does_not_change_the_fingerprint()
    {
        var first = await _fixture.RunAsync(_fixture.Plan(Chain));

        var second = await _fixture.RunAsync(_fixture.Plan(Chain, "t.with.factor=2", "t.with.nested.threshold=0.5", "other.with.count=3"));

        second.Stages.Should().OnlyContain(s => s.State == StageRunState.Cached);
        second.Stages.Select(s => s.Fingerprint).Should().Equal(first.Stages.Select(s => s.Fingerprint));
    }

    [Fact]
    public void Plugin_version_and_external_fingerprint_are_part_of_the_fingerprint()
    {
        var plan = _fixture.Plan(Chain);
        var stage = plan.Find("s")!;
        var settings = StageSettings.From(plan.Definition, threads: 2);
        var code = new StageCode(new Dictionary<string, string> { ["test"] = "code" }, Torch: null);
        string Fingerprint(SeCo.Host.Planning.PlannedStage planned, string? external) =>
            FingerprintCalculator.Compute(StageKey.Create(planned, settings, code, external, new Dictionary<string, string>()));

        var v1 = Fingerprint(stage, null);
        var other = new SeCo.Host.Planning.PlannedStage(stage.Definition,
            SeCo.Host.Plugins.StageDescriptor.FromType(stage.Descriptor.StageType, new SeCo.Host.Plugins.PluginInfo("test", "2.0", null)),
            stage.Options, stage.CanonicalOptions, stage.Inputs);

        Fingerprint(other, null).Should().NotBe(v1);
        Fingerprint(stage, "external").Should().NotBe(v1);
        Fingerprint(stage, null).Should().Be(v1);
    }

    [Fact]
    public void Thread_count_is_part_of_the_key_of_torch_stages_only()
    {
        var plan = _fixture.Plan(Chain);
        var stage = plan.Find("s")!;
        var plain = new StageCode(new Dictionary<string, string> { ["test"] = "code" }, Torch: null);
        var torch = plain with { Torch = "libtorch-cpu-linux-x64/2.10.0" };
        string Fingerprint(StageCode code, int threads) => FingerprintCalculator.Compute(
            StageKey.Create(stage, StageSettings.From(plan.Definition, threads), code, null, new Dictionary<string, string>()));

        // libtorch's parallel sums depend on the thread count; a stage that never calls libtorch does not.
        Fingerprint(torch, 1).Should().NotBe(Fingerprint(torch, 2));
        Fingerprint(plain, 1).Should().Be(Fingerprint(plain, 2));
        StageKey.Create(stage, StageSettings.From(plan.Definition, 3), torch, null, new Dictionary<string, string>())
            .Settings.Should().Contain("threads", "3");
    }

    [Fact]
    public async Task External_fingerprint_change_reruns_the_stage()
    {
        const string json = """{ "name": "p", "device": "cpu", "stages": [ { "id": "e", "use": "test.external" } ] }""";
        File.WriteAllText(Path.Combine(_fixture.Pipeline.Directory, "external.txt"), "v1");
        (await _fixture.RanAsync(_fixture.Plan(json))).Should().Equal("e");
        (await _fixture.RanAsync(_fixture.Plan(json))).Should().BeEmpty();

        File.WriteAllText(Path.Combine(_fixture.Pipeline.Directory, "external.txt"), "v2");

        (await _fixture.RanAsync(_fixture.Plan(json))).Should().Equal("e");
    }

    [Fact]
    public async Task Force_reruns_the_stage_and_its_descendants_and_clears_its_folder()
    {
        var first = await _fixture.RunAsync(_fixture.Plan(Chain));
        var tFolder = first.Stages.Single(s => s.Id == "t").OutputDirectory;
        File.WriteAllText(Path.Combine(tFolder, "stale.txt"), "old");

        (await _fixture.RanAsync(_fixture.Plan(Chain), new RunRequest { Force = ["t"] })).Should().BeEquivalentTo(["t", "u"]);

        File.Exists(Path.Combine(tFolder, "stale.txt")).Should().BeFalse();
        File.Exists(Path.Combine(tFolder, ManifestStore.FileName)).Should().BeTrue();
    }

    [Fact]
    public async Task From_reruns_the_stage_and_every_later_stage()
    {
        await _fixture.RunAsync(_fixture.Plan(Chain));

        (await _fixture.RanAsync(_fixture.Plan(Chain), new RunRequest { From = "u" })).Should().BeEquivalentTo(["u", "other"]);
        (await _fixture.RanAsync(_fixture.Plan(Chain), new RunRequest { From = "s" })).Should().BeEquivalentTo(["s", "t", "u", "other"]);
    }

    [Fact]
    public async Task Manifest_holds_fingerprint_options_and_typed_outputs_and_run_json_is_written()
    {
        var summary = await _fixture.RunAsync(_fixture.Plan(Chain));
        var s = summary.Stages.Single(x => x.Id == "s");

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(s.OutputDirectory, ManifestStore.FileName)));
        var root = manifest.RootElement;
        root.GetProperty("fingerprint").GetString().Should().Be(s.Fingerprint);
        root.GetProperty("use").GetString().Should().Be("test.source");
        root.GetProperty("pluginVersion").GetString().Should().Be("1.0");
        root.GetProperty("options").GetProperty("count").GetInt32().Should().Be(2);
        var items = root.GetProperty("outputs").GetProperty("items");
        items.GetProperty("type").GetString().Should().Be(typeof(Report).FullName);
        items.GetProperty("value").GetProperty("files")[0].GetString().Should().Be("source.txt");

        using var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(_fixture.Plan(Chain).Definition.Workspace, RunSummary.FileName)));
        run.RootElement.GetProperty("stages").GetArrayLength().Should().Be(4);
        run.RootElement.GetProperty("state").GetString().Should().Be("Succeeded");
    }

    [Fact]
    public async Task Unreadable_manifest_is_not_taken_as_done()
    {
        var first = await _fixture.RunAsync(_fixture.Plan(Chain));
        var u = first.Stages.Single(s => s.Id == "u");
        File.WriteAllText(Path.Combine(u.OutputDirectory, ManifestStore.FileName), "{ \"fingerprint\": ");

        (await _fixture.RanAsync(_fixture.Plan(Chain))).Should().Equal("u");
    }

    [Fact]
    public async Task Leftover_temp_files_are_removed_before_a_stage_resumes()
    {
        var plan = _fixture.Plan(Chain);
        var first = await _fixture.RunAsync(plan);
        var t = first.Stages.Single(s => s.Id == "t");
        File.Delete(Path.Combine(t.OutputDirectory, ManifestStore.FileName));
        var temp = AtomicFile.TempPathFor(Path.Combine(t.OutputDirectory, "result.txt"));
        File.WriteAllText(temp, "half");

        (await _fixture.RanAsync(plan)).Should().Equal("t");

        File.Exists(temp).Should().BeFalse();
    }

    [Fact]
    public async Task Failed_stage_gets_no_manifest_and_its_descendants_are_skipped()
    {
        var plan = _fixture.Plan("""
            { "name": "p", "device": "cpu", "stages": [
              { "id": "f", "use": "test.fail" },
              { "id": "after", "use": "test.gate", "in": { "in": "f.done" } },
              { "id": "s", "use": "test.source" } ] }
            """);

        var summary = await _fixture.RunAsync(plan);

        summary.State.Should().Be(RunState.Failed);
        var failed = summary.Stages.Single(s => s.Id == "f");
        failed.State.Should().Be(StageRunState.Failed);
        failed.Error.Should().Be("list.txt:3: Image 'b.png' does not exist; expected a file next to the list.");
        File.Exists(Path.Combine(failed.OutputDirectory, ManifestStore.FileName)).Should().BeFalse();
        summary.Stages.Single(s => s.Id == "after").State.Should().Be(StageRunState.Skipped);
        summary.Stages.Single(s => s.Id == "s").State.Should().Be(StageRunState.Succeeded);
    }

    [Fact]
    public async Task Cancelled_stage_gets_no_manifest_and_later_stages_do_not_start()
    {
        var plan = _fixture.Plan("""
            { "name": "p", "device": "cpu", "stages": [
              { "id": "b", "use": "test.block" },
              { "id": "after", "use": "test.gate", "in": { "in": "b.done" } } ] }
            """);
        using var cancellation = new CancellationTokenSource();

        var run = _fixture.RunAsync(plan, cancellationToken: cancellation.Token);
        await _fixture.Log.Signal("b").Task.WaitAsync(TimeSpan.FromSeconds(20));
        await cancellation.CancelAsync();
        var summary = await run.WaitAsync(TimeSpan.FromSeconds(20));

        summary.State.Should().Be(RunState.Cancelled);
        var blocked = summary.Stages.Single(s => s.Id == "b");
        blocked.State.Should().Be(StageRunState.Cancelled);
        File.Exists(Path.Combine(blocked.OutputDirectory, "started.txt")).Should().BeTrue();
        File.Exists(Path.Combine(blocked.OutputDirectory, ManifestStore.FileName)).Should().BeFalse();
        summary.Stages.Single(s => s.Id == "after").State.Should().Be(StageRunState.Pending);
        _fixture.Log.RunIds.Should().Equal("b");
    }

    [Fact]
    public async Task Second_run_on_a_busy_workspace_is_refused()
    {
        var plan = _fixture.Plan("""{ "name": "p", "device": "cpu", "stages": [ { "id": "b", "use": "test.block" } ] }""");
        using var cancellation = new CancellationTokenSource();
        var first = _fixture.RunAsync(plan, cancellationToken: cancellation.Token);
        await _fixture.Log.Signal("b").Task.WaitAsync(TimeSpan.FromSeconds(20));

        var second = () => _fixture.RunAsync(plan);

        (await second.Should().ThrowAsync<SeCo.Sdk.Errors.SeCoInputException>()).Which.Message.Should().Contain("Another seco run is using this workspace");
        await cancellation.CancelAsync();
        (await first.WaitAsync(TimeSpan.FromSeconds(20))).State.Should().Be(RunState.Cancelled);
    }
}
