using System.Text.Json;
using System.Text.Json.Nodes;
using SeCo.Sdk.Errors;
using SeCo.Sdk.IO;

namespace SeCo.Vision.Thresholds;

/// <summary>
/// Reads and writes <c>thresholds.json</c>: the mode, portion and sampling stride, and per class the raw and
/// applied threshold, the pool size (CBST's <c>cls_size</c>) and the number of pixels predicted as the class.
/// </summary>
public static class ThresholdsFile
{
    /// <summary>Writes <paramref name="thresholds"/> atomically.</summary>
    public static void Write(string path, ClassThresholds thresholds, int sampleStride, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var effective = thresholds.Effective();
        var classes = new JsonArray();
        for (var c = 0; c < effective.Length; c++)
        {
            classes.Add(new JsonObject
            {
                ["id"] = c,
                ["name"] = classNames is not null && c < classNames.Count ? classNames[c] : null,
                ["threshold"] = effective[c],
                ["rawThreshold"] = thresholds.Raw[c],
                ["poolSize"] = thresholds.PoolSizes[c],
                ["predictedPixels"] = thresholds.PredictedPixels[c],
            });
        }

        var root = new JsonObject
        {
            ["mode"] = thresholds.Mode.ToString(),
            ["portion"] = thresholds.Portion,
            ["sampleStride"] = sampleStride,
            ["classes"] = classes,
        };
        AtomicFile.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Reads a file written by <see cref="Write"/>.</summary>
    public static ClassThresholds Read(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            var mode = Enum.Parse<ThresholdMode>(root.GetProperty("mode").GetString()!);
            var classes = root.GetProperty("classes").EnumerateArray().ToArray();
            return new ClassThresholds(
                mode,
                root.GetProperty("portion").GetDouble(),
                classes.Select(c => c.GetProperty("rawThreshold").GetSingle()).ToArray(),
                classes.Select(c => c.GetProperty("poolSize").GetInt64()).ToArray(),
                classes.Select(c => c.GetProperty("predictedPixels").GetInt64()).ToArray());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new SeCoInputException(path, "The thresholds file is not one this stage wrote; delete it to recompute the thresholds.", e);
        }
    }
}
