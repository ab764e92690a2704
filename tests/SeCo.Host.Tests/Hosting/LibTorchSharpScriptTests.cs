using System.Diagnostics;
using System.Text.Json;
using SeCo.Testing;

namespace SeCo.Host.Tests.Hosting;

/// <summary>
/// <c>build/libtorchsharp.sh</c> without network or libtorch headers: its argument handling, its checks of the
/// PyTorch folder, and (<c>--dry-run</c>) the exact CMake invocation and stamp it would produce.
/// </summary>
public sealed class LibTorchSharpScriptTests : IDisposable
{
    private readonly TempDirectory _directory = new("seco-libtorchsharp");

    public LibTorchSharpScriptTests()
    {
        // A fake PyTorch folder: what the script reads before it calls CMake.
        Directory.CreateDirectory(Torch("lib"));
        Directory.CreateDirectory(Torch("share", "cmake", "Torch"));
        Directory.CreateDirectory(Torch("include", "ATen"));
        File.WriteAllText(Torch("lib", "libtorch_cpu.so"), "");
        File.WriteAllText(Torch("version.py"), "__version__ = '2.11.0+cu130'\ncuda: Optional[str] = '13.0'\n");
        File.WriteAllText(Torch("share", "cmake", "Torch", "TorchConfig.cmake"), "set(TORCH_CXX_FLAGS \"-D_GLIBCXX_USE_CXX11_ABI=1\")\n");
        File.WriteAllText(Torch("include", "ATen", "ATen.h"), "#pragma once\n");
        // Fetched sources stand-in, so nothing is fetched.
        Directory.CreateDirectory(_directory.File("src", "src", "Native", "LibTorchSharp"));
        File.WriteAllText(_directory.File("src", "src", "Native", "LibTorchSharp", "CMakeLists.txt"), "project(LibTorchSharp)\n");
        File.WriteAllText(_directory.File("src", "SOURCE.txt"), "dotnet/TorchSharp v0.107.0 (commit abc) from a \"test\" folder\n");
    }

    private string Torch(params string[] parts) => _directory.File(["torch", .. parts]);

    public void Dispose() => _directory.Dispose();

    private async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(GoldenData.RepositoryRoot, "build", "libtorchsharp.sh"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin"; // no CUDA toolkit unless the machine has one there
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private Task<(int Code, string Out, string Error)> DryRunAsync(params string[] extra) =>
        RunAsync(["--torch", Torch(), "--source", _directory.File("src"), "--build-dir", _directory.File("build"), "--out", _directory.File("out"), "--dry-run", .. extra]);

    private static JsonElement Stamp(string output)
    {
        var line = output.Split('\n').Single(l => l.Contains("LibTorchSharp.build.json: ", StringComparison.Ordinal));
        var json = line[(line.IndexOf(": {", StringComparison.Ordinal) + 2)..].TrimEnd(')');
        return JsonDocument.Parse(json).RootElement;
    }

    [Fact]
    public async Task Dry_run_prints_one_parallel_release_cmake_build_against_the_torch_cmake_prefix()
    {
        var (code, output, error) = await DryRunAsync("--jobs", "3");

        code.Should().Be(0, error);
        var generator = File.Exists("/usr/bin/ninja") || File.Exists("/usr/local/bin/ninja") ? "Ninja" : "Unix\\ Makefiles";
        output.Should().Contain("LibTorchSharp from TorchSharp 0.107.0 (dotnet/TorchSharp v0.107.0 (commit abc)")
            .And.Contain($"against libtorch 2.11.0+cu130 in {Torch()}; C++17")
            .And.Contain($"+ cp -r {_directory.File("src", "src", "Native")} {_directory.File("build", "Native")}")
            .And.Contain($"+ cmake -S {_directory.File("build", "Native")} -B {_directory.File("build", "cmake")} -G {generator} -DCMAKE_BUILD_TYPE=Release "
                         + $"-DCMAKE_PREFIX_PATH={Torch("share", "cmake")} -DLIBTORCH_PATH={Torch("share", "cmake", "Torch")} "
                         + "-DCMAKE_CXX_FLAGS=-Wno-error=deprecated-declarations -DCMAKE_POLICY_VERSION_MINIMUM=3.5\n")
            .And.Contain($"+ cmake --build {_directory.File("build", "cmake")} --target LibTorchSharp --parallel 3\n")
            .And.NotContain("git apply");
        var stamp = Stamp(output);
        stamp.GetProperty("torchSharp").GetString().Should().Be("0.107.0", "the managed package's version in Directory.Packages.props");
        stamp.GetProperty("libtorch").GetString().Should().Be("2.11.0+cu130");
        stamp.GetProperty("cxxStandard").GetInt32().Should().Be(17);
        stamp.GetProperty("patches").GetArrayLength().Should().Be(0);
        stamp.GetProperty("source").GetString().Should().Contain("a \"test\" folder");
    }

    [Fact]
    public async Task Headers_that_demand_cxx20_get_the_cxx20_patch_and_nothing_else()
    {
        File.WriteAllText(Torch("include", "ATen", "ATen.h"), "#if __cplusplus < 202002L\n#error C++20 or later compatible compiler is required to use ATen.\n#endif\n");

        var (code, output, error) = await DryRunAsync();

        code.Should().Be(0, error);
        output.Should().Contain("; C++20;").And.Contain($"git apply -p3 {Path.Combine(GoldenData.RepositoryRoot, "build", "libtorchsharp-cxx20.patch")}");
        Stamp(output).GetProperty("cxxStandard").GetInt32().Should().Be(20);
        Stamp(output).GetProperty("patches")[0].GetString().Should().Be("build/libtorchsharp-cxx20.patch");
    }

    [Fact]
    public async Task Unusable_pytorch_folders_are_refused_in_one_line_with_exit_2()
    {
        File.WriteAllText(Torch("share", "cmake", "Torch", "TorchConfig.cmake"), "set(TORCH_CXX_FLAGS \"-D_GLIBCXX_USE_CXX11_ABI=0\")\n");
        var oldAbi = await DryRunAsync();
        File.WriteAllText(Torch("share", "cmake", "Torch", "TorchConfig.cmake"), "");
        File.WriteAllText(Torch("lib", "libtorch_cuda.so"), "");
        (int Code, string Out, string Error)? cudaWithoutToolkit = File.Exists("/usr/local/cuda/bin/nvcc") || File.Exists("/usr/bin/nvcc") ? null : await DryRunAsync();
        File.Delete(Torch("share", "cmake", "Torch", "TorchConfig.cmake"));
        var noCmake = await DryRunAsync();
        var missing = await RunAsync("--torch", _directory.File("nowhere"), "--dry-run");

        oldAbi.Code.Should().Be(2);
        oldAbi.Error.Should().Contain("uses the pre-C++11 libstdc++ ABI");
        if (cudaWithoutToolkit is { } cuda)
        {
            cuda.Code.Should().Be(2);
            cuda.Error.Should().Contain("is a CUDA build (libtorch_cuda.so): its CMake files need the CUDA toolkit");
        }

        noCmake.Code.Should().Be(2);
        noCmake.Error.Should().Contain("no share/cmake/Torch/TorchConfig.cmake");
        missing.Code.Should().Be(2);
        missing.Error.Trim().Should().Be($"libtorchsharp.sh: --torch {_directory.File("nowhere")}: no such folder.");
    }

    [Theory]
    [InlineData("--frobnicate")]
    [InlineData("--jobs", "0")]
    [InlineData("--torch")]
    public async Task Bad_arguments_exit_2(params string[] args)
    {
        var (code, _, error) = await RunAsync(args);

        code.Should().Be(2);
        error.Should().StartWith("libtorchsharp.sh: ");
    }

    [Fact]
    public async Task Help_lists_the_options()
    {
        var (code, output, _) = await RunAsync("--help");

        code.Should().Be(0);
        output.Should().Contain("--torch DIR").And.Contain("--dry-run").And.Contain("--fetch-only");
    }
}
