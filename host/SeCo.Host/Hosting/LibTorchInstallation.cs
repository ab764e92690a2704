using System.Text.RegularExpressions;

namespace SeCo.Host.Hosting;

/// <summary>
/// A libtorch installation outside <c>seco</c>'s folder: a PyTorch package folder (<c>.../site-packages/torch</c>,
/// with <c>version.py</c> and <c>lib/</c>) or an unpacked libtorch archive (<c>build-version</c> and <c>lib/</c>).
/// </summary>
internal sealed partial record LibTorchInstallation
{
    /// <summary>The folder given (absolute).</summary>
    public required string Root { get; init; }

    /// <summary>The folder holding <c>libtorch_cpu.so</c> and friends: <c>Root/lib</c>.</summary>
    public required string LibraryDirectory { get; init; }

    /// <summary>The installation's version as it names itself, e.g. <c>2.11.0+cu130</c> or <c>2.10.0+cpu</c>.</summary>
    public required string Version { get; init; }

    /// <summary>True when the installation carries <c>libtorch_cuda</c> (a CUDA build).</summary>
    public bool HasCuda => File.Exists(Path.Combine(LibraryDirectory, NativeName("torch_cuda")));

    /// <summary>Where the folder came from, for messages: <c>--libtorch</c> or <c>SECO_LIBTORCH</c>.</summary>
    public required string Origin { get; init; }

    /// <summary>Reads an installation folder, or says in one line why it is not one.</summary>
    /// <exception cref="LibTorchException">The folder is missing, has no <c>lib/libtorch_cpu</c>, or no version file.</exception>
    public static LibTorchInstallation Open(string directory, string origin)
    {
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new LibTorchException($"{origin} {root}: no such folder (expected a PyTorch package folder such as .../site-packages/torch, or an unpacked libtorch).");
        }

        var lib = Path.Combine(root, "lib");
        var cpu = Path.Combine(lib, NativeName("torch_cpu"));
        if (!File.Exists(cpu))
        {
            throw new LibTorchException($"{origin} {root}: no {Path.GetRelativePath(root, cpu)} (expected a PyTorch package folder such as .../site-packages/torch, or an unpacked libtorch).");
        }

        var version = ReadVersion(root)
            ?? throw new LibTorchException($"{origin} {root}: cannot tell its libtorch version (expected __version__ in version.py, or a build-version file).");
        return new LibTorchInstallation { Root = root, LibraryDirectory = lib, Version = version, Origin = origin };
    }

    /// <summary>The file name of a native library on this platform: <c>torch_cpu</c> → <c>libtorch_cpu.so</c>.</summary>
    public static string NativeName(string name) =>
        OperatingSystem.IsWindows() ? $"{name}.dll" : OperatingSystem.IsMacOS() ? $"lib{name}.dylib" : $"lib{name}.so";

    /// <summary>The version <c>torch</c> reports (<c>version.py</c>), or a libtorch archive's <c>build-version</c>.</summary>
    private static string? ReadVersion(string root)
    {
        var python = Path.Combine(root, "version.py");
        if (File.Exists(python))
        {
            var match = PythonVersion().Match(File.ReadAllText(python));
            if (match.Success)
            {
                return match.Groups["v"].Value;
            }
        }

        var archive = Path.Combine(root, "build-version");
        if (File.Exists(archive))
        {
            var text = File.ReadAllText(archive).Trim();
            return text.Length == 0 ? null : text;
        }

        return null;
    }

    [GeneratedRegex("""^__version__\s*(:\s*str\s*)?=\s*['"](?<v>[^'"]+)['"]""", RegexOptions.Multiline)]
    private static partial Regex PythonVersion();
}
