using SeCo.Sdk.IO;

namespace SeCo.Plugins.Sources.Folder;

/// <summary>
/// Parses <c>image_path label_path [ground_truth_path]</c> lines (relative to the dataset root),
/// collecting every syntax problem with its line number instead of stopping at the first.
/// </summary>
internal static class ListFileParser
{
    /// <param name="text">The list file's text.</param>
    /// <param name="root">The dataset root (resolved).</param>
    /// <param name="groundTruthRules">Replacements that derive the ground-truth path from the image path.</param>
    /// <param name="problems">Receives one line per problem; line contents are repeated only as short escaped excerpts.</param>
    /// <param name="inputPaths">Where listed files may resolve to (symbolic links followed); unrestricted for <c>seco run</c>.</param>
    public static List<ListFileEntry> Parse(string text, string root, IReadOnlyList<IReadOnlyList<string>>? groundTruthRules, List<string> problems,
        PathPolicy? inputPaths = null)
    {
        inputPaths ??= PathPolicy.Unrestricted;
        var entries = new List<ListFileEntry>();
        var lines = text.Split('\n');
        var firstLineOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < lines.Length; index++)
        {
            var lineNumber = index + 1;
            var line = lines[index].TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var columns = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length is < 2 or > 3)
            {
                problems.Add($"line {lineNumber} is not a list entry: it has {columns.Length} column(s); expected 'image_path label_path' or 'image_path label_path ground_truth_path'.");
                continue;
            }

            var ok = true;
            foreach (var column in columns)
            {
                ok &= CheckInsideRoot(column, root, lineNumber, problems, inputPaths);
            }

            string? groundTruth = columns.Length == 3 ? columns[2] : null;
            if (groundTruth is null && groundTruthRules is { Count: > 0 })
            {
                groundTruth = ApplyRules(columns[0], groundTruthRules, lineNumber, problems);
                ok &= groundTruth is not null && CheckInsideRoot(groundTruth, root, lineNumber, problems, inputPaths);
            }

            if (!ok)
            {
                continue;
            }

            var id = IdOf(columns[0]);
            if (firstLineOfId.TryGetValue(id, out var first))
            {
                problems.Add($"line {lineNumber}: image id '{id}' was already listed on line {first}; expected each image once.");
                continue;
            }

            firstLineOfId[id] = lineNumber;
            entries.Add(new ListFileEntry(lineNumber, id, Normalize(columns[0]), Normalize(columns[1]), groundTruth is null ? null : Normalize(groundTruth)));
        }

        return entries;
    }

    /// <summary>The image id: the image path relative to the root, without extension, with '/' separators.</summary>
    public static string IdOf(string imagePath)
    {
        var normalized = Normalize(imagePath);
        var extension = Path.GetExtension(normalized);
        return extension.Length == 0 ? normalized : normalized[..^extension.Length];
    }

    private static string Normalize(string path)
    {
        var slashed = path.Replace('\\', '/');
        while (slashed.StartsWith("./", StringComparison.Ordinal))
        {
            slashed = slashed[2..];
        }

        return slashed;
    }

    private static string? ApplyRules(string imagePath, IReadOnlyList<IReadOnlyList<string>> rules, int lineNumber, List<string> problems)
    {
        var path = imagePath;
        foreach (var rule in rules)
        {
            var replaced = path.Replace(rule[0], rule[1], StringComparison.Ordinal);
            if (replaced == path)
            {
                problems.Add($"line {lineNumber}: the ground-truth rule [\"{rule[0]}\", \"{rule[1]}\"] does not apply to '{imagePath}'; expected the image path to contain \"{rule[0]}\".");
                return null;
            }

            path = replaced;
        }

        return path;
    }

    private static bool CheckInsideRoot(string path, string root, int lineNumber, List<string> problems, PathPolicy inputPaths)
    {
        if (Path.IsPathRooted(path) || path.StartsWith('/') || path.StartsWith('\\'))
        {
            problems.Add($"line {lineNumber}: '{PathPolicy.Excerpt(path)}' is an absolute path; expected a path relative to the dataset root.");
            return false;
        }

        var full = Path.GetFullPath(Path.Combine(root, path));
        var rootWithSeparator = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootWithSeparator, StringComparison.Ordinal))
        {
            problems.Add($"line {lineNumber}: '{PathPolicy.Excerpt(path)}' leads outside the dataset root ({root}); expected a path inside it.");
            return false;
        }

        // Folders linked into the dataset are fine while their targets stay where the host lets stages read.
        if (!inputPaths.Allows(full))
        {
            problems.Add($"line {lineNumber}: '{PathPolicy.Excerpt(path)}' resolves (through a symbolic link) outside the allowed folders ({string.Join(", ", inputPaths.Roots)}).");
            return false;
        }

        return true;
    }
}
