using System.Text.Json;
using SeCo.Sdk.Errors;

namespace SeCo.Plugins.HtmlReport;

/// <summary>
/// The numbers of one <c>metrics.json</c> (written by <c>eval.miou</c>), exactly as stored: the report shows these
/// values and nothing recomputed. Values are percentages; null where the file has null or lacks the key.
/// </summary>
internal sealed record StageMetrics
{
    /// <summary>The file name evaluation stages write.</summary>
    public const string FileName = "metrics.json";

    /// <summary>The file the numbers come from.</summary>
    public required string Path { get; init; }

    /// <summary>The id of the stage that wrote the file.</summary>
    public required string EvaluatedBy { get; init; }

    public double? MeanIoU { get; init; }

    public double? LabelledMeanIoU { get; init; }

    public double? PixelAccuracy { get; init; }

    public double? LabelledPixelAccuracy { get; init; }

    public double? Coverage { get; init; }

    /// <summary>The number of images scored.</summary>
    public int? Images { get; init; }

    /// <summary>The taxonomy name.</summary>
    public string? Taxonomy { get; init; }

    /// <summary>The per-class rows, by class id.</summary>
    public IReadOnlyList<ClassScore> Classes { get; init; } = [];

    /// <summary>The display name the evaluation stage declared (<c>name</c>), when it did.</summary>
    public string? Name { get; init; }

    /// <summary>What the evaluation stage declared it scores: <c>pseudoLabels</c> or <c>predictions</c> (<c>scores</c>), when it did.</summary>
    public string? Scores { get; init; }

    /// <summary>The root of the scored label set (<c>inputs.labels.root</c>), when recorded.</summary>
    public string? LabelsRoot { get; init; }

    /// <summary>Reads a <c>metrics.json</c>.</summary>
    /// <exception cref="SeCoInputException">The file is not JSON or not a metrics object.</exception>
    public static StageMetrics Read(string path, string evaluatedBy)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new SeCoInputException(new InputLocation(File: path, Line: (int?)(ex.LineNumber + 1)), $"The metrics file is not valid JSON ({ex.Message}).", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new SeCoInputException(path, "Expected a JSON object of metrics (mIoU, coverage, classes, ...).");
            }

            var classes = new List<ClassScore>();
            if (root.TryGetProperty("classes", out var array) && array.ValueKind == JsonValueKind.Array)
            {
                foreach (var element in array.EnumerateArray())
                {
                    classes.Add(new ClassScore(
                        element.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number ? id.GetInt32() : classes.Count,
                        element.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString()! : $"class {classes.Count}",
                        ColorOf(element),
                        Number(element, "iou"),
                        Number(element, "labelledIoU")));
                }
            }

            string? labelsRoot = null;
            if (root.TryGetProperty("inputs", out var inputs) && inputs.ValueKind == JsonValueKind.Object
                && inputs.TryGetProperty("labels", out var labels) && labels.ValueKind == JsonValueKind.Object
                && labels.TryGetProperty("root", out var labelsRootElement) && labelsRootElement.ValueKind == JsonValueKind.String)
            {
                labelsRoot = labelsRootElement.GetString();
            }

            return new StageMetrics
            {
                Path = path,
                EvaluatedBy = evaluatedBy,
                MeanIoU = Number(root, "mIoU"),
                LabelledMeanIoU = Number(root, "labelledMIoU"),
                PixelAccuracy = Number(root, "pixelAccuracy"),
                LabelledPixelAccuracy = Number(root, "labelledPixelAccuracy"),
                Coverage = Number(root, "coverage"),
                Images = root.TryGetProperty("images", out var images) && images.ValueKind == JsonValueKind.Number ? images.GetInt32() : null,
                Taxonomy = root.TryGetProperty("taxonomy", out var taxonomy) && taxonomy.ValueKind == JsonValueKind.String ? taxonomy.GetString() : null,
                Classes = classes,
                LabelsRoot = labelsRoot,
                Name = root.TryGetProperty("name", out var display) && display.ValueKind == JsonValueKind.String ? display.GetString() : null,
                Scores = root.TryGetProperty("scores", out var scores) && scores.ValueKind == JsonValueKind.String ? scores.GetString() : null,
            };
        }
    }

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static (byte R, byte G, byte B)? ColorOf(JsonElement element)
    {
        if (!element.TryGetProperty("color", out var color) || color.ValueKind != JsonValueKind.Array || color.GetArrayLength() != 3)
        {
            return null;
        }

        Span<byte> rgb = stackalloc byte[3];
        for (var i = 0; i < 3; i++)
        {
            if (color[i].ValueKind != JsonValueKind.Number || !color[i].TryGetByte(out rgb[i]))
            {
                return null;
            }
        }

        return (rgb[0], rgb[1], rgb[2]);
    }
}
