using System.Text;
using System.Text.Json;
using SeCo.Sdk.Errors;
using SeCo.Sdk.IO;
using SeCo.Vision.Rle;

namespace SeCo.Vision.Regions;

/// <summary>
/// Reads and writes SeCo's per-image region JSON (a list of <see cref="RegionRecord"/>). Writing reproduces the
/// reference byte for byte (<c>json.dump(records, f, indent=2)</c>, no trailing newline): records without
/// correction fields in <c>gen_ins_mask</c>'s key order (<c>segmentation, bbox, area, category_id, id,
/// true_label</c>), corrected records in <c>convert_json_2input</c>'s (<c>loss, score, segmentation, bbox, area,
/// id, category_id, true_label</c>, then the six thresholds, then SCC-LD's <c>noise_probability, noise_threshold,
/// correction_threshold</c> when present — keys the reference never writes). Reading accepts any key order and ignores keys it
/// does not know.
/// </summary>
public static class RegionRecordJson
{
    /// <summary>The records as the reference writes them.</summary>
    public static string Serialize(IReadOnlyList<RegionRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var text = new StringBuilder(256 + (records.Count * 512));
        var json = new PythonJsonWriter(text);
        json.StartArray();
        foreach (var record in records)
        {
            WriteRecord(json, record);
        }

        json.EndArray();
        return text.ToString();
    }

    /// <summary>Writes the records to <paramref name="path"/> atomically (UTF-8; the content is ASCII).</summary>
    public static void Write(string path, IReadOnlyList<RegionRecord> records)
    {
        ArgumentNullException.ThrowIfNull(path);
        AtomicFile.WriteAllText(path, Serialize(records));
    }

    /// <summary>Reads the records of one image's region JSON.</summary>
    /// <exception cref="SeCoInputException">The file is missing, not JSON, or not a list of region records.</exception>
    public static List<RegionRecord> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SeCoInputException(path, $"Cannot read the region JSON: {ex.Message}", ex);
        }

        return Parse(text, path);
    }

    /// <summary>Parses the records of one image's region JSON; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="SeCoInputException">The text is not JSON or not a list of region records.</exception>
    public static List<RegionRecord> Parse(string json, string source = "<region json>")
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new SeCoInputException(new InputLocation(File: source, Line: (int?)(ex.LineNumber + 1)),
                $"The region file is not valid JSON ({ex.Message}); expected a list of region records.", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                throw Error(source, "$", "Expected a JSON list of region records at the top level.");
            }

            var records = new List<RegionRecord>(root.GetArrayLength());
            var index = 0;
            foreach (var element in root.EnumerateArray())
            {
                records.Add(ReadRecord(element, source, $"$[{index}]"));
                index++;
            }

            return records;
        }
    }

    private static void WriteRecord(PythonJsonWriter json, RegionRecord record)
    {
        json.StartObject();
        if (record.IsCorrected)
        {
            OptionalFloat(json, "loss", record.Loss);
            OptionalFloat(json, "score", record.Score);
            WriteSegmentation(json, record.Segmentation);
            WriteBox(json, record.Bbox);
            json.Key("area");
            json.Int(record.Area);
            json.Key("id");
            json.Int(record.Id);
            json.Key("category_id");
            json.Int(record.CategoryId);
            WriteTrueLabel(json, record.TrueLabel);
            OptionalFloat(json, "score_threshold", record.ScoreThreshold);
            OptionalFloat(json, "loss_threshold", record.LossThreshold);
            OptionalFloat(json, "local_score_threshold", record.LocalScoreThreshold);
            OptionalFloat(json, "local_loss_threshold", record.LocalLossThreshold);
            OptionalFloat(json, "global_score_threshold", record.GlobalScoreThreshold);
            OptionalFloat(json, "global_loss_threshold", record.GlobalLossThreshold);
            OptionalFloat(json, "noise_probability", record.NoiseProbability);
            OptionalFloat(json, "noise_threshold", record.NoiseThreshold);
            OptionalFloat(json, "correction_threshold", record.CorrectionThreshold);
        }
        else
        {
            WriteSegmentation(json, record.Segmentation);
            WriteBox(json, record.Bbox);
            json.Key("area");
            json.Int(record.Area);
            json.Key("category_id");
            json.Int(record.CategoryId);
            json.Key("id");
            json.Int(record.Id);
            WriteTrueLabel(json, record.TrueLabel);
        }

        json.EndObject();
    }

    private static void WriteSegmentation(PythonJsonWriter json, CocoRle rle)
    {
        json.Key("segmentation");
        json.StartObject();
        json.Key("size");
        json.StartArray();
        json.Int(rle.Height);
        json.Int(rle.Width);
        json.EndArray();
        json.Key("counts");
        json.String(rle.ToString());
        json.EndObject();
    }

    private static void WriteBox(PythonJsonWriter json, RegionBox box)
    {
        json.Key("bbox");
        json.StartArray();
        json.Int(box.X);
        json.Int(box.Y);
        json.Int(box.Width);
        json.Int(box.Height);
        json.EndArray();
    }

    private static void WriteTrueLabel(PythonJsonWriter json, TrueLabel? trueLabel)
    {
        if (trueLabel is not { } label)
        {
            return;
        }

        json.Key("true_label");
        json.StartObject();
        json.Key("id");
        json.Int(label.Id);
        json.Key("purity");
        json.Float(label.Purity);
        json.Key("positive");
        json.Int(label.Positive ? 1 : 0);
        json.EndObject();
    }

    private static void OptionalFloat(PythonJsonWriter json, string key, double? value)
    {
        if (value is { } v)
        {
            json.Key(key);
            json.Float(v);
        }
    }

    private static RegionRecord ReadRecord(JsonElement element, string source, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Error(source, path, "Expected a region record (a JSON object).");
        }

        var segmentation = ReadSegmentation(Required(element, "segmentation", source, path), source, path + ".segmentation");
        RegionBox box;
        if (element.TryGetProperty("bbox", out var bbox))
        {
            if (bbox.ValueKind != JsonValueKind.Array || bbox.GetArrayLength() != 4)
            {
                throw Error(source, path + ".bbox", "Expected \"bbox\" to be a list of 4 integers [x, y, w, h].");
            }

            box = new RegionBox(Int(bbox[0], source, path + ".bbox[0]"), Int(bbox[1], source, path + ".bbox[1]"),
                Int(bbox[2], source, path + ".bbox[2]"), Int(bbox[3], source, path + ".bbox[3]"));
        }
        else
        {
            var b = segmentation.ToBbox();
            box = new RegionBox(checked((int)b.X), checked((int)b.Y), checked((int)b.Width), checked((int)b.Height));
        }

        long area = element.TryGetProperty("area", out var areaElement)
            ? Long(areaElement, source, path + ".area")
            : segmentation.Area;

        TrueLabel? trueLabel = null;
        if (element.TryGetProperty("true_label", out var tl) && tl.ValueKind != JsonValueKind.Null)
        {
            var tlPath = path + ".true_label";
            if (tl.ValueKind != JsonValueKind.Object)
            {
                throw Error(source, tlPath, "Expected \"true_label\" to be an object {id, purity, positive}.");
            }

            var positive = Required(tl, "positive", source, tlPath);
            trueLabel = new TrueLabel(
                Int(Required(tl, "id", source, tlPath), source, tlPath + ".id"),
                Double(Required(tl, "purity", source, tlPath), source, tlPath + ".purity"),
                positive.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => Int(positive, source, tlPath + ".positive") != 0,
                });
        }

        return new RegionRecord
        {
            Segmentation = segmentation,
            Bbox = box,
            Area = area,
            CategoryId = Int(Required(element, "category_id", source, path), source, path + ".category_id"),
            Id = element.TryGetProperty("id", out var id) ? Int(id, source, path + ".id") : 0,
            TrueLabel = trueLabel,
            Loss = OptionalDouble(element, "loss", source, path),
            Score = OptionalDouble(element, "score", source, path),
            ScoreThreshold = OptionalDouble(element, "score_threshold", source, path),
            LossThreshold = OptionalDouble(element, "loss_threshold", source, path),
            LocalScoreThreshold = OptionalDouble(element, "local_score_threshold", source, path),
            LocalLossThreshold = OptionalDouble(element, "local_loss_threshold", source, path),
            GlobalScoreThreshold = OptionalDouble(element, "global_score_threshold", source, path),
            GlobalLossThreshold = OptionalDouble(element, "global_loss_threshold", source, path),
            NoiseProbability = OptionalDouble(element, "noise_probability", source, path),
            NoiseThreshold = OptionalDouble(element, "noise_threshold", source, path),
            CorrectionThreshold = OptionalDouble(element, "correction_threshold", source, path),
        };
    }

    private static CocoRle ReadSegmentation(JsonElement element, string source, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Error(source, path, "Expected \"segmentation\" to be a COCO RLE object {\"size\": [h, w], \"counts\": ...}.");
        }

        var size = Required(element, "size", source, path);
        if (size.ValueKind != JsonValueKind.Array || size.GetArrayLength() != 2)
        {
            throw Error(source, path + ".size", "Expected \"size\" to be [height, width].");
        }

        var height = Int(size[0], source, path + ".size[0]");
        var width = Int(size[1], source, path + ".size[1]");
        if (height < 0 || width < 0)
        {
            throw Error(source, path + ".size", $"Expected a non-negative size, got [{height}, {width}].");
        }

        if ((long)height * width > Imaging.RgbImageIO.DefaultMaxPixels)
        {
            throw Error(source, path + ".size", $"The mask is {height}x{width} pixels, more than the {Imaging.RgbImageIO.DefaultMaxPixels} pixels an image may have.");
        }

        var counts = Required(element, "counts", source, path);
        switch (counts.ValueKind)
        {
            case JsonValueKind.String:
                try
                {
                    return CheckCovers(CocoRle.FromString(counts.GetString()!, height, width), source, path);
                }
                catch (FormatException ex)
                {
                    throw Error(source, path + ".counts", ex.Message, ex);
                }

            case JsonValueKind.Array:
                var values = new uint[counts.GetArrayLength()];
                var i = 0;
                foreach (var value in counts.EnumerateArray())
                {
                    if (value.ValueKind != JsonValueKind.Number || !value.TryGetUInt32(out values[i]))
                    {
                        throw Error(source, $"{path}.counts[{i}]", "Expected uncompressed RLE counts to be non-negative integers.");
                    }

                    i++;
                }

                return CheckCovers(new CocoRle(height, width, values), source, path);

            default:
                throw Error(source, path + ".counts", "Expected \"counts\" to be a compressed RLE string or a list of run lengths.");
        }
    }

    /// <summary>Refuses counts that cover more pixels than the mask has, so every record read can be decoded.</summary>
    private static CocoRle CheckCovers(CocoRle rle, string source, string path)
    {
        long total = 0;
        foreach (var count in rle.Counts)
        {
            total += count;
        }

        return total <= (long)rle.Height * rle.Width
            ? rle
            : throw Error(source, path + ".counts", $"The RLE counts cover {total} pixels; a {rle.Height}x{rle.Width} mask has {(long)rle.Height * rle.Width}.");
    }

    private static JsonElement Required(JsonElement element, string name, string source, string path) =>
        element.TryGetProperty(name, out var value)
            ? value
            : throw Error(source, path, $"The record has no \"{name}\".");

    private static double? OptionalDouble(JsonElement element, string name, string source, string path) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? Double(value, source, $"{path}.{name}")
            : null;

    private static double Double(JsonElement element, string source, string path) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var value)
            ? value
            : throw Error(source, path, "Expected a number.");

    private static long Long(JsonElement element, string source, string path)
    {
        if (element.ValueKind == JsonValueKind.Number)
        {
            if (element.TryGetInt64(out var value))
            {
                return value;
            }

            // Python writes integral floats such as 12.0; accept them.
            if (element.TryGetDouble(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e15)
            {
                return (long)d;
            }
        }

        throw Error(source, path, "Expected an integer.");
    }

    private static int Int(JsonElement element, string source, string path)
    {
        var value = Long(element, source, path);
        return value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw Error(source, path, $"Expected a 32-bit integer, got {value}.");
    }

    private static SeCoInputException Error(string source, string path, string message, Exception? inner = null) =>
        new(new InputLocation(File: source, JsonPath: path), message, inner);
}
