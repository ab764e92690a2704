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

        _cli.Out.Should().MatchRegex($@"^seco \S+\nSDK contract {SeCo.Sdk.SdkContract.Version.Major}\.\d+\.\d+\ntorch \S+");
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
    public void Plain_progress_lines_are_written_at_every_quarter_of_a_phase()
    {
        using var output = new StringWriter();
        var view = new LogLineProgressView(output);

        for (var i = 1; i <= 10; i++)
        {
            view.StageProgress("a", i, 10, "train");
        }

        view.StageProgress("a", 1, 4, "infer");
        view.StageProgress("b", 3, 4, null);

        output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "[a] 3/10 train (30 %)", "[a] 5/10 train (50 %)", "[a] 8/10 train (80 %)", "[a] 10/10 train (100 %)", "[a] 1/4 infer (25 %)", "[b] 3/4 (75 %)");
    }

    [Fact]
    public async Task Quiet_run_prints_only_the_closing_line()
    {
        var path = _cli.Pipeline.Write("""{ "name": "p", "device": "cpu", "stages": [ { "id": "s", "use": "test.source" } ] }""");

        (await _cli.RunAsync("run", path, "--quiet")).Should().Be(ExitCodes.Success);

        _cli.Out.Trim().Should().StartWith("p: succeeded").And.NotContain("[s]");
    }

    [Fact]
    public async Task Quiet_and_verbose_together_are_a_usage_error()
    {
        (await _cli.RunAsync("run", "-q", "-v")).Should().Be(ExitCodes.InvalidUsage);

        _cli.Error.Should().Contain("--quiet and --verbose exclude each other");
    }

    [Fact]
    public async Task A_bad_top_level_set_is_reported_like_the_file_and_nothing_runs()
    {
        var path = _cli.Pipeline.Write("""{ "name": "p", "device": "cpu", "stages": [ { "id": "s", "use": "test.source" } ] }""");

        (await _cli.RunAsync("run", path, "--set", "seed=many")).Should().Be(ExitCodes.InvalidUsage);

        _cli.Error.Should().Contain("$.seed: \"seed\" must be an integer (32-bit); got the string \"many\". (value from --set)");
        Directory.Exists(Path.Combine(_cli.Pipeline.Directory, "runs")).Should().BeFalse();
    }
}
