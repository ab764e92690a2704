using TorchSharp;

namespace SeCo.Host.Hosting;

/// <summary>What libtorch this process runs on: the selection made at start-up, if any, and the files actually mapped.</summary>
internal static class LibTorchRuntime
{
    /// <summary>The installation chosen with <c>--libtorch</c> / <c>SECO_LIBTORCH</c>, or null for the bundled CPU build.</summary>
    public static LibTorchSelection? Selection { get; internal set; }

    /// <summary>One line for <c>seco --version</c>: which libtorch and from where.</summary>
    public static string Describe() => Selection is { } s
        ? $"libtorch {s.Installation.Version} from {s.Installation.LibraryDirectory} ({s.Installation.Origin}{(s.Installation.HasCuda ? ", CUDA build" : ", CPU build")}); LibTorchSharp {s.Shim.Path}"
        : $"libtorch {torch.__version__} (bundled CPU build)";

    /// <summary>
    /// The libtorch, c10 and LibTorchSharp files mapped into this process (Linux: <c>/proc/self/maps</c>), in the
    /// order first mapped; empty where the platform does not say. This is what is really loaded, not what was asked for.
    /// </summary>
    public static IReadOnlyList<string> MappedTorchFiles()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
        {
            return [];
        }

        var files = new List<string>();
        foreach (var line in File.ReadLines(maps))
        {
            var slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                continue;
            }

            var path = line[slash..];
            var name = Path.GetFileName(path);
            if ((name.StartsWith("libtorch", StringComparison.Ordinal) || name.StartsWith("libc10", StringComparison.Ordinal)
                 || name.StartsWith("libLibTorchSharp", StringComparison.Ordinal)) && !files.Contains(path))
            {
                files.Add(path);
            }
        }

        return files;
    }
}
