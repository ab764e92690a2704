using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace SeCo.Host.Hosting;

/// <summary>
/// Makes TorchSharp use a libtorch installation and shim chosen at start-up instead of the bundled CPU ones.
/// </summary>
/// <remarks>
/// TorchSharp binds every native call with <c>[DllImport("LibTorchSharp")]</c> and, on first use, probes
/// <c>torch_cpu</c> / <c>torch_cuda</c> and <c>LibTorchSharp</c> with <c>NativeLibrary.TryLoad(name, assembly, ...)</c>;
/// both go through the assembly's <see cref="NativeLibrary.SetDllImportResolver"/> callback. So the loader loads
/// the installation's <c>libc10</c>, <c>libtorch_cpu</c>, (<c>libc10_cuda</c>, <c>libtorch_cuda</c>,) <c>libtorch</c>
/// and then the shim by absolute path — the shim's own <c>libtorch*.so</c> needs then bind to those already loaded,
/// whatever its run path says — and answers those names with these handles. The bundled copies beside <c>seco</c>
/// are never opened. It must run before anything calls into torch, and at most once per process.
/// </remarks>
internal static class LibTorchLoader
{
    private static readonly string[] s_preloadOrder = ["c10", "torch_cpu", "c10_cuda", "torch_cuda", "torch"];
    private static readonly string[] s_required = ["c10", "torch_cpu"];

    /// <summary>The managed TorchSharp's release (<c>0.107.0</c>), which a shim must have been built from.</summary>
    public static string ManagedTorchSharpVersion { get; } = ReleaseOf(typeof(torch).Assembly);

    /// <summary>Checks the versions, loads the installation and the shim, and routes TorchSharp's native names to them.</summary>
    /// <exception cref="LibTorchException">The versions disagree, a library does not load, or a libtorch was already chosen.</exception>
    public static LibTorchSelection Load(LibTorchInstallation installation, LibTorchSharpShim shim)
    {
        if (LibTorchRuntime.Selection is not null)
        {
            throw new LibTorchException("A libtorch installation was already loaded in this process.");
        }

        if (!string.Equals(ReleaseOf(shim.TorchSharpVersion), ManagedTorchSharpVersion, StringComparison.Ordinal))
        {
            throw new LibTorchException(
                $"{shim.Path} was built from TorchSharp {shim.TorchSharpVersion}, but seco uses TorchSharp {ManagedTorchSharpVersion}; rebuild it with build/libtorchsharp.sh --torch {installation.Root}.");
        }

        if (!string.Equals(shim.LibTorchVersion, installation.Version, StringComparison.Ordinal))
        {
            throw new LibTorchException(
                $"{shim.Path} was built against libtorch {shim.LibTorchVersion}, but {installation.Origin} {installation.Root} is libtorch {installation.Version}; rebuild it with build/libtorchsharp.sh --torch {installation.Root}.");
        }

        var handles = new Dictionary<string, IntPtr>(StringComparer.Ordinal);
        foreach (var name in s_preloadOrder)
        {
            var path = Path.Combine(installation.LibraryDirectory, LibTorchInstallation.NativeName(name));
            if (!File.Exists(path) && !s_required.Contains(name))
            {
                continue;
            }

            handles[name] = LoadFile(path);
        }

        handles["LibTorchSharp"] = LoadFile(shim.Path);
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, (name, _, _) => handles.GetValueOrDefault(name));
        }
        catch (InvalidOperationException ex)
        {
            throw new LibTorchException("TorchSharp's native resolver was already set in this process; a libtorch installation can be chosen once, at start-up.", ex);
        }

        var selection = new LibTorchSelection(installation, shim);
        LibTorchRuntime.Selection = selection;
        return selection;
    }

    private static IntPtr LoadFile(string path)
    {
        try
        {
            return NativeLibrary.Load(path);
        }
        catch (DllNotFoundException ex)
        {
            // The loader's own words name the missing dependency (a CUDA runtime, libgomp, a GLIBCXX version).
            throw new LibTorchException($"{path} does not load: {OneLine(ex.Message)}", ex);
        }
        catch (BadImageFormatException ex)
        {
            throw new LibTorchException($"{path} is not a native library for this platform: {OneLine(ex.Message)}", ex);
        }
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string ReleaseOf(Assembly assembly) =>
        ReleaseOf(assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                  ?? assembly.GetName().Version?.ToString() ?? "?");

    /// <summary><c>0.107.0.0</c>, <c>0.107.0+abc</c> → <c>0.107.0</c>.</summary>
    private static string ReleaseOf(string version)
    {
        var parts = version.Split('+', '-')[0].Split('.');
        return string.Join('.', parts.Take(3));
    }
}
