namespace SeCo.Sdk.Tests.Contract;

/// <summary>
/// Semantic versioning of the plugin contract, judged on the public API text: the same API keeps any version not older
/// than the recorded one; only added lines need a newer minor (or major) version; a removed or changed line (a
/// member removed, renamed or given another signature) needs a newer major version, because a plugin built against
/// the old contract may no longer load or run (the host refuses plugins of another major version).
/// </summary>
internal static class ContractVersionRule
{
    /// <summary>Null when <paramref name="newVersion"/> fits the change, else what is wrong.</summary>
    public static string? Check(Version oldVersion, string oldApi, Version newVersion, string newApi)
    {
        if (newVersion < oldVersion)
        {
            return $"{newVersion.ToString(3)} is older than the recorded {oldVersion.ToString(3)}";
        }

        var oldLines = Lines(oldApi);
        var newLines = Lines(newApi);
        var removed = oldLines.Except(newLines).ToList();
        var added = newLines.Except(oldLines).ToList();
        if (removed.Count > 0 && newVersion.Major <= oldVersion.Major)
        {
            return $"{removed.Count} line(s) removed or changed (first: '{removed[0]}'): a breaking change needs major version {oldVersion.Major + 1}.0.0";
        }

        if (added.Count > 0 && newVersion.Major == oldVersion.Major && newVersion.Minor <= oldVersion.Minor)
        {
            return $"{added.Count} line(s) added (first: '{added[0]}'): an addition needs minor version {oldVersion.Major}.{oldVersion.Minor + 1}.0";
        }

        return null;
    }

    private static HashSet<string> Lines(string api) =>
        api.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && l != "{" && l != "}").ToHashSet(StringComparer.Ordinal);
}
