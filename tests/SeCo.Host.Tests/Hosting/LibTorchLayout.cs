using SeCo.Host.Hosting;
using SeCo.Testing;

namespace SeCo.Host.Tests.Hosting;

/// <summary>
/// A folder laid out like a pip PyTorch install (<c>site-packages/torch/lib</c>, <c>version.py</c>) holding the
/// bundled CPU libtorch and LibTorchSharp as hard links (same inode, no 460 MB copy; copied where linking fails),
/// with the shim's build stamp: what <c>seco --libtorch</c> must load instead of the copies beside <c>seco</c>.
/// </summary>
internal sealed class LibTorchLayout : IDisposable
{
    private static readonly string[] s_libraries = ["libc10.so", "libtorch.so", "libtorch_cpu.so", "libgomp-98b21ff3.so.1", "libLibTorchSharp.so"];
    private readonly TempDirectory _directory = new("seco-libtorch");

    public LibTorchLayout(string version = "2.10.0+cpu", string? stampLibTorch = null, bool stamp = true)
    {
        Torch = _directory.File("site-packages", "torch");
        Lib = Path.Combine(Torch, "lib");
        Directory.CreateDirectory(Lib);
        foreach (var name in s_libraries)
        {
            var source = Path.Combine(SecoDirectory, name);
            System.IO.File.Exists(source).Should().BeTrue($"the built seco carries {name}");
            if (!TryHardLink(source, Path.Combine(Lib, name)))
            {
                System.IO.File.Copy(source, Path.Combine(Lib, name));
            }
        }

        System.IO.File.WriteAllText(Path.Combine(Torch, "version.py"), $"__version__ = '{version}'\ndebug = False\ncuda: Optional[str] = None\n");
        if (stamp)
        {
            System.IO.File.WriteAllText(Path.Combine(Lib, LibTorchSharpShim.StampFileName),
                $$"""{"torchSharp": "0.107.0", "libtorch": "{{stampLibTorch ?? version}}", "source": "TorchSharp-cpu 0.107.0 NuGet package (test layout)"}""");
        }
    }

    /// <summary>The folder of the built <c>seco</c> and its bundled natives.</summary>
    public static string SecoDirectory => Path.Combine(GoldenData.RepositoryRoot, "artifacts", "seco");

    /// <summary>The <c>.../site-packages/torch</c> folder to pass as <c>--libtorch</c>.</summary>
    public string Torch { get; }

    /// <summary>Its <c>lib/</c>.</summary>
    public string Lib { get; }

    /// <summary>A path inside the temporary folder.</summary>
    public string File(params string[] parts) => _directory.File(parts);

    public void Dispose() => _directory.Dispose();

    private static bool TryHardLink(string source, string target)
    {
        using var ln = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ln", [source, target]) { RedirectStandardError = true })!;
        ln.WaitForExit();
        return ln.ExitCode == 0;
    }
}
