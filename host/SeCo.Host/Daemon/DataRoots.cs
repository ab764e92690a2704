namespace SeCo.Host.Daemon;

/// <summary>The folders the daemon may read pipelines from and write workspaces to.</summary>
internal sealed class DataRoots(IReadOnlyList<string> roots)
{
    /// <summary>The roots, absolute, without trailing separators.</summary>
    public IReadOnlyList<string> Roots { get; } = roots.Select(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r))).ToList();

    /// <summary>True when <paramref name="path"/> (made absolute) is a root or lies inside one.</summary>
    public bool Contains(string path)
    {
        var full = Path.GetFullPath(path);
        return Roots.Any(root => IsInside(full, root));
    }

    /// <summary>True when <paramref name="fullPath"/> equals <paramref name="folder"/> or lies below it (both absolute).</summary>
    public static bool IsInside(string fullPath, string folder)
    {
        var trimmed = Path.TrimEndingDirectorySeparator(folder);
        return string.Equals(fullPath, trimmed, StringComparison.Ordinal)
            || fullPath.StartsWith(trimmed + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>A path made absolute against the first root (absolute paths stay as they are).</summary>
    public string Resolve(string path) => Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(Roots[0], path));
}
