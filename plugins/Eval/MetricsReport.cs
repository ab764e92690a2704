using System.Globalization;
using System.Text;
using System.Text.Json;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.IO;
using SeCo.Vision.Metrics;
using SeCo.Vision.Taxonomies;

namespace SeCo.Plugins.Eval;

/// <summary>Writes <c>metrics.json</c> and renders the per-class table logged by <see cref="EvalMiouStage"/>.</summary>
internal static class MetricsReport
{
    public const string FileName = "metrics.json";

    /// <summary>Writes option enums by the names a pipeline gives them (camelCase, as the host binds them).</summary>
    private static readonly JsonSerializerOptions s_optionNames = new()
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <summary>
    /// Writes the report atomically. Values are percentages; undefined values (a class absent from both maps) are null.
    /// Besides the scores it records each class's display colour and, under <c>inputs</c>, the roots of the scored
    /// label set and of the set that gave the ground truth (the image set or the groundTruth input), so a report can tell which stage's labels were scored.
    /// </summary>
    public static void Write(string path, Taxonomy taxonomy, ConfusionMatrix matrix, SegmentationScores scores,
        IReadOnlyList<(string Id, string Reason)> skipped, ImageSet images, LabelSet labels, LabelSet? groundTruth, EvalMiouOptions options)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("taxonomy", taxonomy.Name);
            if (options.Name is not null)
            {
                json.WriteString("name", options.Name);
            }

            if (options.Scores is not null)
            {
                json.WritePropertyName("scores");
                JsonSerializer.Serialize(json, options.Scores.Value, s_optionNames);
            }

            json.WriteString("unit", "percent");
            json.WriteNumber("images", scores.ImageCount);
            WritePercent(json, "mIoU", scores.MeanIoU);
            WritePercent(json, "pixelAccuracy", scores.PixelAccuracy);
            WritePercent(json, "labelledMIoU", scores.LabelledMeanIoU);
            WritePercent(json, "labelledPixelAccuracy", scores.LabelledPixelAccuracy);
            WritePercent(json, "coverage", scores.Coverage);
            json.WriteNumber("evaluatedPixels", scores.EvaluatedPixels);
            json.WriteString("meanRule", "mIoU averages the classes whose union is non-empty; absent classes have iou null.");
            json.WriteStartObject("inputs");
            json.WriteStartObject("labels");
            json.WriteString("root", Path.GetFullPath(labels.Root));
            json.WriteNumber("items", labels.Items.Count);
            json.WriteString("taxonomy", labels.Taxonomy);
            json.WriteEndObject();
            json.WriteStartObject("groundTruth");
            json.WriteString("from", groundTruth is null ? "images" : "groundTruth");
            json.WriteString("root", Path.GetFullPath(groundTruth?.Root ?? images.Root));
            json.WriteNumber("items", images.Items.Count);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("classes");
            for (var c = 0; c < taxonomy.Count; c++)
            {
                json.WriteStartObject();
                json.WriteNumber("id", c);
                json.WriteString("name", taxonomy.Classes[c].Name);
                var (r, g, b) = taxonomy.Classes[c].Color;
                json.WriteStartArray("color");
                json.WriteNumberValue(r);
                json.WriteNumberValue(g);
                json.WriteNumberValue(b);
                json.WriteEndArray();
                WritePercent(json, "iou", scores.ClassIoU[c]);
                WritePercent(json, "labelledIoU", scores.LabelledClassIoU[c]);
                json.WriteNumber("groundTruthPixels", GroundTruthPixels(matrix, c));
                json.WriteNumber("predictedPixels", PredictedPixels(matrix, c));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("skipped");
            foreach (var (id, reason) in skipped)
            {
                json.WriteStartObject();
                json.WriteString("id", id);
                json.WriteString("reason", reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        AtomicFile.WriteAllBytes(path, buffer.ToArray());
    }

    /// <summary>The headline values for <see cref="SeCo.Sdk.Artifacts.Report.Metrics"/>, in percent (undefined ones left out).</summary>
    public static IReadOnlyDictionary<string, double> Headline(SegmentationScores scores)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        void Add(string name, double value)
        {
            if (!double.IsNaN(value))
            {
                values[name] = value * 100;
            }
        }

        Add("mIoU", scores.MeanIoU);
        Add("pixelAccuracy", scores.PixelAccuracy);
        Add("labelledMIoU", scores.LabelledMeanIoU);
        Add("coverage", scores.Coverage);
        values["images"] = scores.ImageCount;
        return values;
    }

    /// <summary>A fixed-width text table: one row per class, then the summary values.</summary>
    public static string Table(Taxonomy taxonomy, SegmentationScores scores)
    {
        var width = Math.Max(10, taxonomy.Classes.Max(c => c.Name.Length));
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"{"class".PadRight(width)}  {"IoU",7}  {"IoU@lab",7}").AppendLine();
        for (var c = 0; c < taxonomy.Count; c++)
        {
            builder.Append(CultureInfo.InvariantCulture,
                $"{taxonomy.Classes[c].Name.PadRight(width)}  {Format(scores.ClassIoU[c]),7}  {Format(scores.LabelledClassIoU[c]),7}").AppendLine();
        }

        builder.Append(CultureInfo.InvariantCulture, $"{"mIoU".PadRight(width)}  {Format(scores.MeanIoU),7}  {Format(scores.LabelledMeanIoU),7}").AppendLine();
        builder.Append(CultureInfo.InvariantCulture, $"{"pixel acc.".PadRight(width)}  {Format(scores.PixelAccuracy),7}  {Format(scores.LabelledPixelAccuracy),7}").AppendLine();
        builder.Append(CultureInfo.InvariantCulture, $"{"coverage".PadRight(width)}  {Format(scores.Coverage),7}");
        return builder.ToString();
    }

    private static string Format(double value) =>
        double.IsNaN(value) ? "-" : (value * 100).ToString("F2", CultureInfo.InvariantCulture);

    private static void WritePercent(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsNaN(value))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteNumber(name, value * 100);
        }
    }

    private static long GroundTruthPixels(ConfusionMatrix matrix, int c)
    {
        var total = matrix.Unlabelled(c) + matrix.OutOfTaxonomy(c);
        for (var p = 0; p < matrix.ClassCount; p++)
        {
            total += matrix[c, p];
        }

        return total;
    }

    private static long PredictedPixels(ConfusionMatrix matrix, int c)
    {
        long total = 0;
        for (var g = 0; g < matrix.ClassCount; g++)
        {
            total += matrix[g, c];
        }

        return total;
    }
}
