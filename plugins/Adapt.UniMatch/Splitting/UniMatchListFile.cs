using System.Text;
using SeCo.Sdk.Errors;
using SeCo.Sdk.IO;

namespace SeCo.Plugins.Adapt.UniMatch.Splitting;

/// <summary>
/// UniMatch's split list files (<c>labeled.txt</c>, <c>unlabeled.txt</c>): one <c>image_path mask_path</c> line per
/// image, paths relative to the dataset root (absolute paths work too: Python's <c>os.path.join</c> keeps them).
/// </summary>
public static class UniMatchListFile
{
    /// <summary>Writes the entries atomically, one <c>image mask</c> line each, <c>\n</c> line ends.</summary>
    public static void Write(string path, IEnumerable<(string Image, string Mask)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var text = new StringBuilder();
        foreach (var (image, mask) in entries)
        {
            if (image.Contains(' ', StringComparison.Ordinal) || mask.Contains(' ', StringComparison.Ordinal))
            {
                throw new SeCoInputException(path, $"Path '{image}' or '{mask}' contains a space; UniMatch list files split lines on spaces.");
            }

            text.Append(image).Append(' ').Append(mask).Append('\n');
        }

        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>Reads the entries of a list file (blank lines skipped; the mask column may be missing).</summary>
    /// <exception cref="SeCoInputException">The file is missing or a line has more than two columns.</exception>
    public static IReadOnlyList<(string Image, string? Mask, int Line)> Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SeCoInputException(path, "Cannot read the list file; expected a UniMatch split list (image_path mask_path per line).", e);
        }

        var entries = new List<(string, string?, int)>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var columns = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (columns.Length == 0)
            {
                continue;
            }

            if (columns.Length > 2)
            {
                // The content is not repeated: a file that is not a list (a secret, a binary) must not leak into errors.
                throw new SeCoInputException(new InputLocation(File: path, Line: i + 1),
                    $"Line {i + 1} is not a list entry: it has {columns.Length} columns; expected 'image_path mask_path'.");
            }

            entries.Add((columns[0], columns.Length == 2 ? columns[1] : null, i + 1));
        }

        return entries;
    }
}
