namespace SeCo.Testing;

/// <summary>
/// Locates the golden reference data: the repository's own copy in <c>tests/golden</c> (kept in sync with the
/// project's shared golden folder by <c>build/golden.sh sync</c>, checked against its manifest by <c>build/golden.sh verify</c>).
/// </summary>
public static class GoldenData
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The golden folder, <c>tests/golden</c> under the repository root unless <c>SECO_GOLDEN_DIR</c> names another.</summary>
    public static string Root => s_root.Value;

    /// <summary>A path inside the golden folder; fails with a clear message when the file is missing.</summary>
    public static string PathOf(params string[] parts)
    {
        var path = Path.Combine([Root, .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException($"Golden file not found: {path}", path);
        }

        return path;
    }

    /// <summary>The repository root (the folder holding SeCo.Host.sln).</summary>
    public static string RepositoryRoot => s_repoRoot.Value;

    private static readonly Lazy<string> s_repoRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SeCo.Host.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No SeCo.Host.sln above {AppContext.BaseDirectory}.");
    });

    private static string FindRoot()
    {
        var fromEnv = Environment.GetEnvironmentVariable("SECO_GOLDEN_DIR");
        if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(fromEnv))
        {
            return Path.GetFullPath(fromEnv);
        }

        var candidate = Path.Combine(RepositoryRoot, "tests", "golden");
        if (Directory.Exists(candidate))
        {
            return candidate;
        }

        throw new DirectoryNotFoundException(
            $"Golden data not found at {candidate}: it is part of the repository (restore it with git, or set SECO_GOLDEN_DIR).");
    }
}
