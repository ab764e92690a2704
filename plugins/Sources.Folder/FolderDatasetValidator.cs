using SeCo.Sdk.Errors;
using SeCo.Sdk.Stages;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Taxonomies;

namespace SeCo.Plugins.Sources.Folder;

/// <summary>
/// Checks the files of every list-file entry: they exist and decode, the label map (and ground
/// truth) has the image's size and holds only class ids of the taxonomy or 255. Problems of all
/// entries are collected, in line order.
/// </summary>
internal sealed class FolderDatasetValidator
{
    private const int MaxValuesShown = 8;

    private readonly string _root;
    private readonly Taxonomy _taxonomy;

    public FolderDatasetValidator(string root, Taxonomy taxonomy)
    {
        _root = root;
        _taxonomy = taxonomy;
    }

    /// <summary>Validates the entries in parallel and appends their problems to <paramref name="problems"/> in line order.</summary>
    public void Validate(IReadOnlyList<ListFileEntry> entries, List<string> problems, IStageProgress progress, CancellationToken cancellationToken)
    {
        var perEntry = new List<string>?[entries.Count];
        var done = 0L;
        var parallel = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount),
        };
        Parallel.For(0, entries.Count, parallel, i =>
        {
            perEntry[i] = ValidateEntry(entries[i]);
            progress.Report(Interlocked.Increment(ref done), entries.Count, "validate");
        });

        foreach (var entryProblems in perEntry)
        {
            if (entryProblems is not null)
            {
                problems.AddRange(entryProblems);
            }
        }
    }

    private List<string>? ValidateEntry(ListFileEntry entry)
    {
        List<string>? problems = null;
        void Add(string problem) => (problems ??= []).Add($"line {entry.Line}: {problem}");

        (int Width, int Height)? imageSize = null;
        try
        {
            imageSize = RgbImageIO.ReadSize(PathOf(entry.Image));
        }
        catch (SeCoInputException e)
        {
            Add($"image '{entry.Image}': {e.Message}");
        }

        CheckLabelMap(entry.Label, "label", imageSize, Add);
        if (entry.GroundTruth is not null)
        {
            CheckLabelMap(entry.GroundTruth, "ground truth", imageSize, Add);
        }

        return problems;
    }

    private void CheckLabelMap(string relativePath, string role, (int Width, int Height)? imageSize, Action<string> add)
    {
        LabelMap map;
        try
        {
            map = LabelMapIO.Read(PathOf(relativePath));
        }
        catch (SeCoInputException e)
        {
            add($"{role} '{relativePath}': {e.Message}");
            return;
        }

        if (imageSize is { } size && (map.Width != size.Width || map.Height != size.Height))
        {
            add($"{role} '{relativePath}' is {map.Width}x{map.Height} but the image is {size.Width}x{size.Height}; expected the same size.");
        }

        Span<long> histogram = stackalloc long[256];
        foreach (var value in map.Data)
        {
            histogram[value]++;
        }

        var invalid = new List<int>();
        for (var value = 0; value < 256; value++)
        {
            if (histogram[value] > 0 && !_taxonomy.IsValidLabel(value))
            {
                invalid.Add(value);
            }
        }

        if (invalid.Count > 0)
        {
            var first = Array.IndexOf(map.Data, (byte)invalid[0]);
            var shown = string.Join(", ", invalid.Take(MaxValuesShown)) + (invalid.Count > MaxValuesShown ? ", ..." : "");
            add($"{role} '{relativePath}' has values {shown} (first at x={first % map.Width}, y={first / map.Width}) outside taxonomy " +
                $"{_taxonomy.Name}; expected class ids 0 to {_taxonomy.Count - 1} or 255 (ignore).");
        }
    }

    private string PathOf(string relativePath) => Path.GetFullPath(Path.Combine(_root, relativePath));
}
