namespace SeCo.Host.ScaleOut;

/// <summary>Quotes words for POSIX shells (job scripts): single quotes, with <c>'</c> written as <c>'\''</c>.</summary>
internal static class ShellQuoting
{
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '=' or ':' or ',' or '+' or '@')
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// Quotes <paramref name="word"/>, putting the unquoted shell expression <paramref name="expansion"/> (for example
    /// <c>"$SLURM_ARRAY_TASK_ID"</c>) where <paramref name="token"/> occurs.
    /// </summary>
    public static string QuoteWithExpansion(string word, string token, string expansion) =>
        string.Join(expansion, word.Split(token).Select(part => part.Length == 0 ? "" : Quote(part)));
}
