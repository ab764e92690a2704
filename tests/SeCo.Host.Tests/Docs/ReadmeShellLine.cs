namespace SeCo.Host.Tests.Docs;

/// <summary>One shell command shown in a Markdown file: its text as written (continuations joined) and where.</summary>
/// <param name="Text">The line as written, trimmed; backslash-continued lines joined with a space.</param>
/// <param name="LineNumber">The 1-based line of the Markdown file it starts on.</param>
internal sealed record ReadmeShellLine(string Text, int LineNumber)
{
    private static readonly string[] s_shellInfoStrings = ["bash", "sh", "shell", "console"];

    /// <summary>
    /// Every line of a <c>```bash</c> (or sh/shell/console) block, and every line starting with <c>seco </c> or
    /// <c>./seco.sh</c> in any other fenced block but JSON; blank and comment-only lines are not commands.
    /// </summary>
    public static IReadOnlyList<ReadmeShellLine> Extract(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var result = new List<ReadmeShellLine>();
        string? info = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim();
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                info = info is null ? trimmed[3..].Trim().ToLowerInvariant() : null;
                continue;
            }

            if (info is null || trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            var shell = s_shellInfoStrings.Contains(info, StringComparer.Ordinal);
            var command = trimmed == "seco" || trimmed.StartsWith("seco ", StringComparison.Ordinal) || trimmed.StartsWith("./seco.sh", StringComparison.Ordinal);
            if (!shell && (!command || info is "json" or "jsonc"))
            {
                continue;
            }

            var start = i;
            var text = trimmed;
            while (text.EndsWith('\\') && i + 1 < lines.Length)
            {
                text = text[..^1].TrimEnd() + " " + lines[++i].Trim();
            }

            result.Add(new ReadmeShellLine(text, start + 1));
        }

        return result;
    }
}
