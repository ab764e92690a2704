using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SeCo.Plugins.Sources.Folder;

/// <summary>
/// The external fingerprint of a folder source: a hash of the list file's content and of the size
/// and modification time of every file it names, so that editing, replacing or deleting any of them
/// re-runs the stage (the stage does not copy the data).
/// </summary>
internal static class FolderSourceFingerprint
{
    public static string Compute(string root, string listPath, IReadOnlyList<IReadOnlyList<string>>? groundTruthRules)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"root={root}\n"));
        if (!File.Exists(listPath))
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"list-missing={listPath}\n"));
            return Finish(hash);
        }

        var listBytes = File.ReadAllBytes(listPath);
        hash.AppendData(listBytes);
        foreach (var rawLine in Encoding.UTF8.GetString(listBytes).Split('\n'))
        {
            var columns = rawLine.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            foreach (var column in columns)
            {
                AppendFile(hash, root, column);
            }

            if (columns.Length == 2 && groundTruthRules is { Count: > 0 })
            {
                var derived = columns[0];
                foreach (var rule in groundTruthRules)
                {
                    if (rule is { Count: 2 } && !string.IsNullOrEmpty(rule[0]))
                    {
                        derived = derived.Replace(rule[0], rule[1], StringComparison.Ordinal);
                    }
                }

                AppendFile(hash, root, derived);
            }
        }

        return Finish(hash);
    }

    private static void AppendFile(IncrementalHash hash, string root, string relativePath)
    {
        var info = new FileInfo(Path.Combine(root, relativePath));
        var stamp = info.Exists
            ? string.Create(CultureInfo.InvariantCulture, $"{relativePath}|{info.Length}|{info.LastWriteTimeUtc.Ticks}\n")
            : $"{relativePath}|missing\n";
        hash.AppendData(Encoding.UTF8.GetBytes(stamp));
    }

    private static string Finish(IncrementalHash hash) => Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
}
