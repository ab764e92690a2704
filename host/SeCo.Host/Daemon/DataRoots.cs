using SeCo.Sdk.IO;

namespace SeCo.Host.Daemon;

/// <summary>The folders the daemon may read pipelines from and write workspaces to: a <see cref="PathPolicy"/> over the data roots.</summary>
internal sealed class DataRoots(IReadOnlyList<string> roots)
{
    /// <summary>The rule every path of a submission and a run goes through (realpath semantics, symbolic links resolved).</summary>
    public PathPolicy Policy { get; } = new(roots);

    /// <summary>The roots, resolved, without trailing separators.</summary>
    public IReadOnlyList<string> Roots => Policy.Roots;

    /// <summary>True when <paramref name="path"/> (made absolute, links resolved) is a root or lies inside one.</summary>
    public bool Contains(string path) => Policy.Allows(path);

    /// <summary>A path made absolute against the first root (absolute paths stay as they are).</summary>
    public string Resolve(string path) => Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(Roots[0], path));
}
