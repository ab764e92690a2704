using System.Text.Json;
using SeCo.Host.Cli;
using SeCo.Host.Hosting;
using SeCo.Host.Tests.Cli;

namespace SeCo.Host.Tests.Hosting;

/// <summary>
/// Bring-your-own libtorch through the real <c>seco</c> process: the bundled CPU natives, laid out like a PyTorch
/// install elsewhere, must be what gets mapped (not the copies beside <c>seco</c>), and bad folders are one line, exit 2.
/// </summary>
public sealed class LibTorchProcessTests
{
    private static Dictionary<string, string?> Environment(string? libtorch, string? shim = null) => new()
    {
        [LibTorchStartup.LibTorchVariable] = libtorch,
        [LibTorchStartup.ShimVariable] = shim,
    };

    private static IEnumerable<string> Loaded(string doctorOutput) =>
        doctorOutput.Split('\n').SkipWhile(l => l != "loaded:").Skip(1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => l.Trim());

    [Fact]
    public async Task Doctor_reports_and_maps_the_libtorch_of_SECO_LIBTORCH_and_nothing_bundled()
    {
        using var layout = new LibTorchLayout();

        var (code, output, error) = await SecoProcess.RunAsync(Environment(layout.Torch), "doctor");

        code.Should().Be(ExitCodes.Success, error);
        output.Should().Contain($"libtorch 2.10.0+cpu (CPU build) from {layout.Torch} (SECO_LIBTORCH)")
            .And.Contain($"LibTorchSharp {Path.Combine(layout.Lib, "libLibTorchSharp.so")} (built from TorchSharp 0.107.0 against libtorch 2.10.0+cpu")
            .And.Contain("CUDA available: no").And.Contain("CUDA devices: 0").And.MatchRegex(@"threads: \d+ intra-op, \d+ inter-op");
        var loaded = Loaded(output).ToList();
        loaded.Select(Path.GetFileName).Should().Contain(["libtorch_cpu.so", "libc10.so", "libLibTorchSharp.so"]);
        loaded.Should().OnlyContain(path => path.StartsWith(layout.Lib + "/", StringComparison.Ordinal), "nothing beside seco may be mapped");
    }

    [Fact]
    public async Task Without_a_choice_doctor_and_version_name_the_bundled_cpu_build()
    {
        var (code, output, error) = await SecoProcess.RunAsync(Environment(null), "doctor");

        code.Should().Be(ExitCodes.Success, error);
        output.Should().Contain("(bundled CPU build)");
        Loaded(output).Should().Contain(Path.Combine(LibTorchLayout.SecoDirectory, "libtorch_cpu.so"));
        (await SecoProcess.RunAsync(Environment(null), "--version")).Out.Should().Contain("(bundled CPU build)");
    }

    [Fact]
    public async Task A_shim_in_its_own_folder_binds_to_the_installation_and_version_says_so()
    {
        using var layout = new LibTorchLayout();
        var shimFolder = Directory.CreateDirectory(layout.File("shim")).FullName;
        File.Move(Path.Combine(layout.Lib, "libLibTorchSharp.so"), Path.Combine(shimFolder, "libLibTorchSharp.so"));
        File.Move(Path.Combine(layout.Lib, LibTorchSharpShim.StampFileName), Path.Combine(shimFolder, LibTorchSharpShim.StampFileName));

        var doctor = await SecoProcess.RunAsync(Environment(null), "--libtorch", layout.Torch, "--libtorchsharp", shimFolder, "doctor");
        var version = await SecoProcess.RunAsync(Environment(null), $"--libtorch={layout.Torch}", $"--libtorchsharp={shimFolder}", "--version");

        doctor.Code.Should().Be(ExitCodes.Success, doctor.Error);
        doctor.Out.Should().Contain($"from {layout.Torch} (--libtorch)");
        Loaded(doctor.Out).Should().Contain(Path.Combine(shimFolder, "libLibTorchSharp.so"))
            .And.Contain(Path.Combine(layout.Lib, "libtorch_cpu.so"))
            .And.OnlyContain(p => p.StartsWith(layout.File(), StringComparison.Ordinal));
        version.Code.Should().Be(ExitCodes.Success, version.Error);
        version.Out.Should().Contain($"libtorch 2.10.0+cpu from {layout.Lib} (--libtorch, CPU build); LibTorchSharp {Path.Combine(shimFolder, "libLibTorchSharp.so")}");
    }

    [Fact]
    public async Task A_small_pipeline_runs_on_the_chosen_libtorch_through_the_cpu_device_path()
    {
        using var layout = new LibTorchLayout();
        var pipeline = layout.File("pipeline.json");
        File.WriteAllText(pipeline, """
            { "name": "byo", "device": "cpu", "seed": 0, "taxonomy": "cityscapes19", "workspace": "runs",
              "stages": [
                { "id": "source", "use": "sources.synthetic", "with": { "count": 2, "width": 64, "height": 32 } },
                { "id": "proda", "use": "sources.proda", "in": { "images": "source.images" },
                  "with": { "allowRandomWeights": true, "width": 8, "inputWidth": 64, "inputHeight": 32 } },
                { "id": "eval", "use": "eval.miou", "in": { "images": "source.images", "labels": "proda.labels" } } ] }
            """);

        var (code, output, error) = await SecoProcess.RunAsync(Environment(layout.Torch), "run", pipeline);

        code.Should().Be(ExitCodes.Success, error);
        output.Should().Contain("byo: succeeded");
        var metrics = Directory.GetFiles(layout.File("runs"), "metrics.json", SearchOption.AllDirectories).Should().ContainSingle().Subject;
        JsonDocument.Parse(File.ReadAllText(metrics)).RootElement.TryGetProperty("mIoU", out _).Should().BeTrue();
    }

    [Fact]
    public async Task A_folder_that_is_not_a_libtorch_is_one_line_and_exit_2()
    {
        using var layout = new LibTorchLayout();
        var missing = layout.File("nowhere");

        var (code, output, error) = await SecoProcess.RunAsync(Environment(missing), "doctor");
        var notTorch = await SecoProcess.RunAsync(Environment(null), "--libtorch", layout.File(), "run", "pipeline.json");

        code.Should().Be(ExitCodes.InvalidUsage);
        output.Should().BeEmpty();
        error.Trim().Should().Be($"seco: SECO_LIBTORCH {missing}: no such folder (expected a PyTorch package folder such as .../site-packages/torch, or an unpacked libtorch).");
        notTorch.Code.Should().Be(ExitCodes.InvalidUsage);
        notTorch.Error.Trim().Should().StartWith($"seco: --libtorch {layout.File()}: no lib/libtorch_cpu.so").And.NotContain("\n");
    }

    [Fact]
    public async Task A_shim_built_for_another_libtorch_or_without_a_stamp_is_refused_before_loading()
    {
        using var other = new LibTorchLayout(stampLibTorch: "2.11.0+cu130");
        using var unstamped = new LibTorchLayout(stamp: false);

        var mismatch = await SecoProcess.RunAsync(Environment(other.Torch), "doctor");
        var noStamp = await SecoProcess.RunAsync(Environment(unstamped.Torch), "--version");

        mismatch.Code.Should().Be(ExitCodes.InvalidUsage);
        mismatch.Error.Trim().Should().Be(
            $"seco: {Path.Combine(other.Lib, "libLibTorchSharp.so")} was built against libtorch 2.11.0+cu130, but SECO_LIBTORCH {other.Torch} is libtorch 2.10.0+cpu; rebuild it with build/libtorchsharp.sh --torch {other.Torch}.");
        noStamp.Code.Should().Be(ExitCodes.InvalidUsage);
        noStamp.Error.Should().Contain("no build stamp (LibTorchSharp.build.json");
    }

    [Fact]
    public async Task Help_does_not_load_libtorch()
    {
        var (code, _, error) = await SecoProcess.RunAsync(Environment("/nonexistent/torch"), "--help");

        code.Should().Be(ExitCodes.Success, error);
    }
}
