namespace SeCo.Host.Tests.Docs;

/// <summary>
/// The reviewed list of README shell lines the README test does not run (<c>readme-skip.txt</c>): each entry is
/// the line exactly as the README writes it, followed by an indented <c>reason:</c> line; <c>#</c> starts a comment.
/// </summary>
internal sealed class ReadmeSkipList
{
    private ReadmeSkipList(IReadOnlyDictionary<string, string> reasons, IReadOnlyList<string> problems)
    {
        Reasons = reasons;
        Problems = problems;
    }

    /// <summary>The skipped lines and why each cannot run in CI.</summary>
    public IReadOnlyDictionary<string, string> Reasons { get; }

    /// <summary>Malformed entries (no reason, a reason without a line, an entry given twice), with their line numbers.</summary>
    public IReadOnlyList<string> Problems { get; }

    public static ReadmeSkipList Parse(string text)
    {
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        string? pending = null;
        var pendingLine = 0;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith('#') || line.Trim().Length == 0)
            {
                continue;
            }

            if (char.IsWhiteSpace(line[0]) && line.Trim().StartsWith("reason:", StringComparison.Ordinal))
            {
                var reason = line.Trim()["reason:".Length..].Trim();
                if (pending is null || reason.Length == 0)
                {
                    problems.Add($"readme-skip.txt:{i + 1}: a reason needs a non-empty text right below its README line.");
                }
                else if (!reasons.TryAdd(pending, reason))
                {
                    problems.Add($"readme-skip.txt:{pendingLine}: '{pending}' is listed twice.");
                }

                pending = null;
                continue;
            }

            if (pending is not null)
            {
                problems.Add($"readme-skip.txt:{pendingLine}: '{pending}' has no 'reason:' line below it.");
            }

            pending = line.Trim();
            pendingLine = i + 1;
        }

        if (pending is not null)
        {
            problems.Add($"readme-skip.txt:{pendingLine}: '{pending}' has no 'reason:' line below it.");
        }

        return new ReadmeSkipList(reasons, problems);
    }
}
