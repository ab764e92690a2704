using System.Text;
using System.Text.RegularExpressions;
using SeCo.Sdk.Errors;

namespace SeCo.Sdk.IO;

/// <summary>
/// The one rule for paths that come from a pipeline, an option, a list file, an upload or an HTTP
/// request: a path is resolved like <c>realpath</c> (every existing component, symbolic links
/// included) and must lie under one of the allowed roots (themselves resolved the same way). A link
/// whose target stays under a root is fine (datasets are often linked in); one that leads outside is
/// refused. Names that end up as one path component (stage ids, variant names) must be
/// <see cref="IsSafeName">safe names</see>.
/// </summary>
public sealed partial class PathPolicy
{
    /// <summary>How many symbolic links one resolution follows before it reports a loop (Linux's limit).</summary>
    public const int MaxLinks = 40;

    /// <summary>The longest text of a rejected value that error messages repeat (see <see cref="Excerpt"/>).</summary>
    public const int MaxExcerptLength = 40;

    /// <summary>The rule of <see cref="IsSafeName"/>, as a sentence for error messages.</summary>
    public const string SafeNameRule = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, without '..'";

    private readonly string[] _roots;

    /// <summary>Creates a policy allowing the given roots (made absolute and resolved).</summary>
    /// <param name="roots">The folders paths must lie under; none means every path is allowed.</param>
    public PathPolicy(IEnumerable<string> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        _roots = roots.Select(r => Path.TrimEndingDirectorySeparator(RealPath(r))).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The policy that allows every path (<c>seco run</c> on the user's own machine); paths are still resolved.</summary>
    public static PathPolicy Unrestricted { get; } = new([]);

    /// <summary>The resolved roots; empty when every path is allowed.</summary>
    public IReadOnlyList<string> Roots => _roots;

    /// <summary>True when the policy confines paths to <see cref="Roots"/>.</summary>
    public bool IsRestricted => _roots.Length > 0;

    /// <summary>True when <paramref name="path"/> resolves under a root (always true when unrestricted; false for a link loop).</summary>
    public bool Allows(string path)
    {
        if (!IsRestricted)
        {
            return true;
        }

        try
        {
            return IsUnderRoots(RealPath(path));
        }
        catch (IOException)
        {
            // A link loop resolves nowhere.
            return false;
        }
    }

    /// <summary>
    /// Resolves <paramref name="path"/> (relative to <paramref name="baseDirectory"/> when not rooted) and
    /// returns the resolved path when it lies under a root.
    /// </summary>
    /// <param name="path">The path as the user wrote it.</param>
    /// <param name="baseDirectory">What a relative path is relative to.</param>
    /// <param name="what">What the path is, for the error (e.g. <c>with.checkpoint</c> or <c>the list file</c>).</param>
    /// <exception cref="SeCoInputException">The path resolves outside every root, or its links loop.</exception>
    public string Confine(string path, string baseDirectory, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var absolute = Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path);
        string resolved;
        try
        {
            resolved = RealPath(absolute);
        }
        catch (IOException e)
        {
            throw new SeCoInputException(new InputLocation(File: Path.GetFullPath(absolute), JsonPath: what), e.Message, e);
        }

        if (IsRestricted && !IsUnderRoots(resolved))
        {
            throw new SeCoInputException(new InputLocation(File: Path.GetFullPath(absolute), JsonPath: what),
                $"'{Excerpt(path)}' resolves to {resolved}, outside the allowed folders ({string.Join(", ", _roots)}); "
                + "paths (and the targets of symbolic links) must stay under them.");
        }

        return resolved;
    }

    /// <summary>True when <paramref name="resolvedPath"/> (absolute, resolved) equals a root or lies below one.</summary>
    public bool IsUnderRoots(string resolvedPath) => _roots.Any(root => IsInside(resolvedPath, root));

    /// <summary>True when <paramref name="fullPath"/> equals <paramref name="folder"/> or lies below it (both absolute, compared as text).</summary>
    public static bool IsInside(string fullPath, string folder)
    {
        ArgumentNullException.ThrowIfNull(fullPath);
        ArgumentNullException.ThrowIfNull(folder);
        var trimmed = Path.TrimEndingDirectorySeparator(folder);
        var path = Path.TrimEndingDirectorySeparator(fullPath);
        return string.Equals(path, trimmed, StringComparison.Ordinal)
            || path.StartsWith(trimmed.EndsWith(Path.DirectorySeparatorChar) ? trimmed : trimmed + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>
    /// The canonical absolute form of a path, like POSIX <c>realpath</c> but also for paths that do not
    /// exist yet: components are walked from the root, each existing symbolic link is replaced by its
    /// target (recursively), <c>..</c> goes to the parent of what was resolved so far, and the
    /// components that do not exist are appended as written.
    /// </summary>
    /// <exception cref="IOException">More than <see cref="MaxLinks"/> links are followed (a loop).</exception>
    public static string RealPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "/";
        // Components still to walk, first on top.
        var pending = new Stack<string>(Split(full[root.Length..]).Reverse());
        var current = root;
        var links = 0;
        var exists = true;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part is "." or "")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(current)) ?? root;
                exists = Directory.Exists(current);
                continue;
            }

            var candidate = Path.Combine(current, part);
            if (exists && LinkTarget(candidate) is { } target)
            {
                if (++links > MaxLinks)
                {
                    throw new IOException($"Too many levels of symbolic links while resolving {full}.");
                }

                // The target replaces this component: relative targets continue from the link's folder.
                foreach (var targetPart in Split(target).Reverse())
                {
                    pending.Push(targetPart);
                }

                if (Path.IsPathRooted(target))
                {
                    current = Path.GetPathRoot(target) ?? root;
                }

                continue;
            }

            exists = exists && (Directory.Exists(candidate) || File.Exists(candidate));
            current = candidate;
        }

        return current;
    }

    /// <summary>
    /// True when <paramref name="name"/> can be one path component made from user input (a stage id, a
    /// variant name): 1 to 64 characters of letters, digits, <c>.</c>, <c>_</c> and <c>-</c>, starting
    /// with a letter or digit, and no <c>..</c>.
    /// </summary>
    public static bool IsSafeName(string? name) =>
        name is not null && SafeName().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal);

    /// <summary>
    /// A value safe to repeat in an error: at most <see cref="MaxExcerptLength"/> characters, control and
    /// non-ASCII characters escaped, so a file that is not what it should be does not leak into logs.
    /// </summary>
    public static string Excerpt(string? value)
    {
        if (value is null)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        foreach (var c in value.Take(MaxExcerptLength))
        {
            if (c is >= ' ' and < (char)127 and not '\\')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(c == '\\' ? "\\\\" : $"\\u{(int)c:x4}");
            }
        }

        if (value.Length > MaxExcerptLength)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }

    private static string[] Split(string path) =>
        path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);

    private static string? LinkTarget(string path)
    {
        FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        try
        {
            return info.Exists || info.LinkTarget is not null ? info.LinkTarget : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeName();
}
