using SeCo.Host.Cli;
using SeCo.Host.Running;
using SeCo.Host.Tests.Stages;

namespace SeCo.Host.Tests.Cli;

public sealed class SecoCliTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Validate_prints_every_problem_with_position_and_exits_2()
    {
        var path = _cli.Pipeline.Write("""
            {
              "name": "p",
              "stages": [
                { "id": "s", "use": "test.sorce" },
                { "id": "t", "use": "test.transform", "with": { "factr": 2 } }
              ]
            }
            """);

        var code = await _cli.RunAsync("validate", path);

        code.Should().Be(ExitCodes.InvalidUsage);
        _cli.Error.Should().Contain("pipeline.json:4:25: $.stages[0].use: Unknown stage 'test.sorce'.")
            .And.Contain("pipeline.json:5:53: $.stages[1].with.factr:")
            .And.Contain("$.stages[1]: Stage 't' (test.transform) needs input 'items'")
            .And.Contain("3 problems found");
    }

    [Fact]
    public async Task Validate_of_a_good_pipeline_exits_0()
    {
        var path = _cli.Pipeline.Write("""{ "name": "p", "stages": [ { "id": "s", "use": "test.source" } ] }""");

        (await _cli.RunAsync("validate", path)).Should().Be(ExitCodes.Success);
        _cli.Out.Should().Contain("is valid: 1 stages (s)");
    }

    [Fact]
    public async Task Run_of_a_pipeline_prints_plain_progress_lines_and_exits_0()
    {
        var path = _cli.Pipeline.Write("""{ "name": "p", "device": "cpu", "stages": [ { "id": "s", "use": "test.source" } ] }""");

        (await _cli.RunAsync("run", path)).Should().Be(ExitCodes.Success);
        (await _cli.RunAsync("run", path)).Should().Be(ExitCodes.Success);

        _cli.Out.Should().Contain("[s] started (test.source)").And.Contain("[s] cached").And.Contain("p: succeeded");
    }

    [Fact]
    public async Task Stage_input_error_exits_1_with_location_and_no_stack_trace()
    {
        var path = _cli.Pipeline.Write("""{ "name": "p", "device": "cpu", "stages": [ { "id": "f", "use": "test.fail" } ] }""");

        (await _cli.RunAsync("run", path)).Should().Be(ExitCodes.RunFailed);

        _cli.Error.Should().Contain("[f] failed: list.txt:3: Image 'b.png' does not exist").And.NotContain("   at ");
    }

    [Fact]
    public async Task Verbose_shows_the_stack_trace_of_a_failure()
    {
        var path = _cli.Pipeline.Write("""{ "name": "p", "device": "cpu", "stages": [ { "id": "f", "use": "test.fail", "with": { "inputError": false } } ] }""");

        (await _cli.RunAsync("run", path, "--verbose")).Should().Be(ExitCodes.RunFailed);

        _cli.Error.Should().Contain("[f] failed: InvalidOperationException: Something broke inside the stage.").And.Contain("   at ");
    }

    [Fact]
    public async Task Cancelling_mid_stage_exits_130_and_leaves_no_manifest()
    {
        var path = _cli.Pipeline.Write("""{ "name": "p", "device": "cpu", "stages": [ { "id": "b", "use": "test.block" } ] }""");
        using var cancellation = new CancellationTokenSource();

        var run = _cli.RunAsync(cancellation.Token, "run", path);
        var workspace = Path.Combine(_cli.Pipeline.Directory, "runs", "p");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(Directory.Exists(workspace) && Directory.EnumerateFiles(workspace, BlockingStage.StartedFile, SearchOption.AllDirectories).Any()))
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the blocking stage should start");
            await Task.Delay(20);
        }

        await cancellation.CancelAsync();
        (await run.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(ExitCodes.Cancelled);

        Directory.EnumerateFiles(workspace, ManifestStore.FileName, SearchOption.AllDirectories).Should().BeEmpty();
        File.ReadAllText(Path.Combine(workspace, RunSummary.FileName)).Should().Contain("\"cancelled\"");
    }

    [Fact]
    public async Task Unknown_force_stage_is_a_usage_error()
    {
        var path = _cli.Pipeline.Write("""{ "name": "p", "device": "cpu", "stages": [ { "id": "s", "use": "test.source" } ] }""");

        (await _cli.RunAsync("run", path, "--force", "nope")).Should().Be(ExitCodes.InvalidUsage);
        _cli.Error.Should().Contain("no stage 'nope'");
    }

    [Fact]
    public async Task Missing_plugins_directory_is_a_usage_error()
    {
        (await _cli.RunAsync("plugins", "--plugins", "/no/such/folder")).Should().Be(ExitCodes.InvalidUsage);
        _cli.Error.Should().Contain("/no/such/folder").And.Contain("does not exist");
    }

    [Fact]
    public async Task Graph_prints_mermaid()
    {
        var path = _cli.Pipeline.Write("""{ "name": "p", "stages": [ { "id": "s", "use": "test.source" }, { "id": "t", "use": "test.transform", "in": { "items": "s.items" } } ] }""");

        (await _cli.RunAsync("graph", path)).Should().Be(ExitCodes.Success);
        _cli.Out.Should().StartWith("flowchart LR\n").And.Contain("n0 -->|\"items\"| n1");
    }

    [Fact]
    public async Task Plugins_lists_stages_ports_and_options_with_defaults()
    {
        (await _cli.RunAsync("plugins")).Should().Be(ExitCodes.Success);

        _cli.Out.Should().Contain("test.transform").And.Contain("test 1.0")
            .And.Contain("input (optional)").And.Contain("factor").And.Contain("How many times to repeat the text.")
            .And.Contain("test.source").And.Contain("Writes a text file.");
    }

    [Fact]
    public async Task Version_prints_host_sdk_and_torch_versions()
    {
        (await _cli.RunAsync("--version")).Should().Be(ExitCodes.Success);

        _cli.Out.Should().MatchRegex(@"^seco \S+\nSDK contract 1\.\d+\.\d+\ntorch \S+");
    }

    [Fact]
    public async Task Unknown_device_is_reported_before_anything_runs()
    {
        var path = _cli.Pipeline.Write("""{ "name": "p", "device": "tpu", "stages": [ { "id": "s", "use": "test.source" } ] }""");

        (await _cli.RunAsync("run", path)).Should().Be(ExitCodes.InvalidUsage);
        _cli.Error.Should().Contain("$.device: Unknown device 'tpu'");
        Directory.Exists(Path.Combine(_cli.Pipeline.Directory, "runs")).Should().BeFalse();
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("run")]
    public async Task Cuda_without_cuda_is_one_located_error_before_anything_runs(string command)
    {
        var path = _cli.Pipeline.Write("""{ "name": "p", "device": "cuda", "stages": [ { "id": "s", "use": "test.source" } ] }""");

        (await _cli.RunAsync(command, path)).Should().Be(ExitCodes.InvalidUsage);
        _cli.Error.Should().Contain("$.device: Device 'cuda' was requested but CUDA is not available")
            .And.Contain("In use: libtorch").And.Contain("--libtorch DIR");
        Directory.Exists(Path.Combine(_cli.Pipeline.Directory, "runs")).Should().BeFalse();
    }

    [Fact]
    public async Task Validate_accepts_device_cpu()
    {
        var path = _cli.Pipeline.Write("""{ "name": "p", "device": "cpu", "stages": [ { "id": "s", "use": "test.source" } ] }""");

        (await _cli.RunAsync("validate", path)).Should().Be(ExitCodes.Success, _cli.Error);
    }

    [Fact]
    public void Plain_progress_lines_are_written_at_most_once_a_second_per_stage()
    {
        using var output = new StringWriter();
        long now = 0;
        var view = new LogLineProgressView(output, () => now);

        view.StageProgress("a", 1, 10, "items");
        now += System.Diagnostics.Stopwatch.Frequency / 2;
        view.StageProgress("a", 2, 10, "items");
        view.StageProgress("b", 1, 4, null);
        now += System.Diagnostics.Stopwatch.Frequency;
        view.StageProgress("a", 3, 10, "items");

        output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal("[a] 1/10 items", "[b] 1/4", "[a] 3/10 items");
    }
}
