using System.Text.Json;
using System.Text.Json.Serialization;

namespace SeCo.Host.Hosting;

/// <summary>
/// A <c>LibTorchSharp</c> native shim built for a libtorch installation, with the build stamp
/// (<see cref="StampFileName"/>) that <c>build/libtorchsharp.sh</c> writes beside it.
/// </summary>
internal sealed record LibTorchSharpShim
{
    /// <summary>The stamp's file name, beside the shim: what the shim was built from and against.</summary>
    public const string StampFileName = "LibTorchSharp.build.json";

    /// <summary>The shim (absolute path).</summary>
    public required string Path { get; init; }

    /// <summary>The TorchSharp release whose native sources the shim was built from, e.g. <c>0.107.0</c>.</summary>
    public required string TorchSharpVersion { get; init; }

    /// <summary>The libtorch version the shim was compiled against, e.g. <c>2.11.0+cu130</c>.</summary>
    public required string LibTorchVersion { get; init; }

    /// <summary>Where the sources came from (repository, tag, commit), as the stamp says.</summary>
    public string? Source { get; init; }

    /// <summary>
    /// Finds the shim: <paramref name="explicitPath"/> (a file, or a folder holding it) when given, else
    /// <c>lib/</c> of the installation; reads its stamp.
    /// </summary>
    /// <exception cref="LibTorchException">No shim there, or no readable stamp beside it.</exception>
    public static LibTorchSharpShim Find(LibTorchInstallation installation, string? explicitPath, string explicitOrigin)
    {
        var fileName = LibTorchInstallation.NativeName("LibTorchSharp");
        string path;
        string origin;
        if (explicitPath is not null)
        {
            var full = System.IO.Path.GetFullPath(explicitPath);
            path = Directory.Exists(full) ? System.IO.Path.Combine(full, fileName) : full;
            origin = explicitOrigin;
        }
        else
        {
            path = System.IO.Path.Combine(installation.LibraryDirectory, fileName);
            origin = installation.Origin;
        }

        if (!File.Exists(path))
        {
            throw new LibTorchException(explicitPath is null
                ? $"{origin} {installation.Root}: no {fileName} in lib/; build one with build/libtorchsharp.sh --torch {installation.Root} and pass it with --libtorchsharp or SECO_LIBTORCHSHARP."
                : $"{origin} {path}: no such file (expected {fileName} built by build/libtorchsharp.sh, or the folder holding it).");
        }

        var stampPath = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, StampFileName);
        Stamp? stamp;
        try
        {
            stamp = File.Exists(stampPath) ? JsonSerializer.Deserialize<Stamp>(File.ReadAllText(stampPath)) : null;
        }
        catch (JsonException ex)
        {
            throw new LibTorchException($"{stampPath}: not a LibTorchSharp build stamp ({ex.Message}).", ex);
        }

        if (stamp?.TorchSharp is not { Length: > 0 } torchSharp || stamp.LibTorch is not { Length: > 0 } libTorch)
        {
            throw new LibTorchException($"{path}: no build stamp ({StampFileName} with torchSharp and libtorch beside it), so its versions are unknown; build the shim with build/libtorchsharp.sh.");
        }

        return new LibTorchSharpShim { Path = path, TorchSharpVersion = torchSharp, LibTorchVersion = libTorch, Source = stamp.Source };
    }

    private sealed record Stamp(
        [property: JsonPropertyName("torchSharp")] string? TorchSharp,
        [property: JsonPropertyName("libtorch")] string? LibTorch,
        [property: JsonPropertyName("source")] string? Source);
}
