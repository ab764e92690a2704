namespace SeCo.Testing;

/// <summary>Locates the golden reference data (<c>../shared/golden</c> beside the repository root).</summary>
public static class GoldenData
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The golden folder, e.g. <c>/work/shared/golden</c>.</summary>
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

        var candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "golden"));
        if (Directory.Exists(candidate))
        {
            return candidate;
        }

        throw new DirectoryNotFoundException(
            $"Golden data not found at {candidate}. Put shared/ beside the repository (as CI does) or set SECO_GOLDEN_DIR.");
    }
}
