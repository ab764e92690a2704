using System.Text.Json;
using System.Text.Json.Nodes;
using SeCo.Host.Running;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.IO;
using SeCo.Testing;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Regions;

namespace SeCo.Host.Tests.Reporting;

/// <summary>
/// A complete run folder written the way the runner and the stages write one, without running them: a source
/// (images with ground truth and raw pseudo-labels), psa, scc (labels and region records; regions whose class
/// disagrees with the ground truth are dropped), adapt, and one eval per label set with its own metrics.json.
/// </summary>
internal sealed class RunFolderFixture : IDisposable
{
    public const int Width = 96;
    public const int Height = 48;

    private static readonly string[] s_classNames = ["road", "building", "sky"];
    private static readonly int[][] s_classColors = [[128, 64, 128], [70, 70, 70], [0, 130, 180]];

    private readonly TempDirectory _directory = new("seco-report");
    private readonly List<StageRunRecord> _records = [];

    public RunFolderFixture(int imageCount = 5, bool recordInputs = true)
    {
        ImageIds = Enumerable.Range(0, imageCount).Select(i => $"city/img_{i:D2}").ToList();
        var source = StageDirectory("source");
        var images = new ImageSet(source, ImageIds.Select(id => new ImageItem(id, $"img/{Name(id)}.png", $"gt/{Name(id)}.png")).ToArray()) { Taxonomy = "fixture3" };
        var raw = WriteLabels(source, "psd", id => Noisy(Truth(id), Index(id), blob: 10));
        Finish("source", "sources.synthetic", source, new() { ["images"] = images, ["labels"] = raw }, recordInputs ? [] : null);
        foreach (var id in ImageIds)
        {
            RgbImageIO.Write(Path.Combine(source, "img", Name(id) + ".png"), Photo(Index(id)));
            LabelMapIO.Write(Path.Combine(source, "gt", Name(id) + ".png"), Truth(id));
        }

        var psaDir = StageDirectory("psa");
        var psa = WriteLabels(psaDir, "labels", id => Noisy(Truth(id), Index(id), blob: 6));
        Finish("psa", "psa.felzenszwalb", psaDir, new() { ["labels"] = psa }, recordInputs ? new() { ["images"] = "source.images", ["labels"] = "source.labels" } : null);

        var sccDir = StageDirectory("scc");
        var regionItems = new List<RegionItem>();
        var labelItems = new List<LabelItem>();
        foreach (var id in ImageIds)
        {
            var psaMap = LabelMapIO.Read(psa.LabelPath(psa.Find(id)!));
            var truth = Truth(id);
            var records = RegionExtractor.Extract(psaMap, truth);
            var corrected = new LabelMap(Width, Height);
            Array.Fill(corrected.Data, LabelMap.Ignore);
            foreach (var record in records)
            {
                var keep = record.TrueLabel is { } t && t.Id == record.CategoryId;
                var mask = record.Segmentation.Decode();
                for (var p = 0; p < mask.Length; p++)
                {
                    if (mask[p] != 0 && keep)
                    {
                        corrected.Data[p] = (byte)record.CategoryId;
                    }
                }

                (keep ? KeptRegions : DroppedRegions)[id] = (keep ? KeptRegions : DroppedRegions).GetValueOrDefault(id) + 1;
            }

            RegionRecordJson.Write(Path.Combine(sccDir, "regions", Name(id) + ".json"), records);
            LabelMapIO.Write(Path.Combine(sccDir, "labels", Name(id) + ".png"), corrected, Palette.SeCoCityscapes);
            regionItems.Add(new RegionItem(id, $"regions/{Name(id)}.json"));
            labelItems.Add(new LabelItem(id, $"labels/{Name(id)}.png"));
        }

        var scc = new LabelSet(sccDir, labelItems);
        Finish("scc", "scc", sccDir, new()
        {
            ["labels"] = scc,
            ["regions"] = new RegionSet(sccDir, regionItems),
            ["checkpoint"] = new Checkpoint(Path.Combine(sccDir, "last.pth")),
        }, recordInputs ? new() { ["images"] = "source.images", ["labels"] = "psa.labels" } : null);

        var adaptDir = StageDirectory("adapt");
        var adapt = WriteLabels(adaptDir, "pred", id => Noisy(Truth(id), Index(id), blob: 3));
        Finish("adapt", "adapt.unimatch", adaptDir, new() { ["labels"] = adapt }, recordInputs ? new() { ["images"] = "source.images", ["labels"] = "scc.labels" } : null);

        var scored = new[] { ("eval", raw, "source.labels"), ("eval_psa", psa, "psa.labels"), ("eval_scc", scc, "scc.labels"), ("eval_adapt", adapt, "adapt.labels") };
        for (var e = 0; e < scored.Length; e++)
        {
            var (evalId, labels, reference) = scored[e];
            var evalDir = StageDirectory(evalId);
            WriteMetrics(Path.Combine(evalDir, "metrics.json"), labels, images, e);
            Finish(evalId, "eval.miou", evalDir, new() { ["report"] = new Report(evalDir, ["metrics.json"]) { Metrics = new Dictionary<string, double> { ["mIoU"] = 1 } } },
                recordInputs ? new() { ["images"] = "source.images", ["labels"] = reference } : null);
        }

        var summary = new RunSummary
        {
            Pipeline = "fixture",
            PipelineFile = Path.Combine(Directory, "pipeline.json"),
            StartedAt = DateTimeOffset.UnixEpoch,
            FinishedAt = DateTimeOffset.UnixEpoch.AddSeconds(12),
            DurationSeconds = 12,
            State = RunState.Succeeded,
            Stages = _records,
        };
        var json = JsonSerializer.Serialize(summary, ManifestStore.JsonOptions);
        if (!recordInputs)
        {
            // A run.json from before stages recorded their wiring.
            var node = JsonNode.Parse(json)!;
            foreach (var stage in node["stages"]!.AsArray())
            {
                stage!.AsObject().Remove("inputs");
            }

            json = node.ToJsonString();
        }

        AtomicFile.WriteAllText(Path.Combine(Directory, RunSummary.FileName), json);
    }

    /// <summary>The run folder.</summary>
    public string Directory => _directory.Path;

    public IReadOnlyList<string> ImageIds { get; }

    /// <summary>Regions scc kept per image (their class matches the ground truth).</summary>
    public Dictionary<string, int> KeptRegions { get; } = [];

    /// <summary>Regions scc dropped per image.</summary>
    public Dictionary<string, int> DroppedRegions { get; } = [];

    /// <summary>The metrics.json files, by eval stage id.</summary>
    public Dictionary<string, string> MetricsFiles { get; } = [];

    public void Dispose() => _directory.Dispose();

    private string StageDirectory(string id) => System.IO.Directory.CreateDirectory(Path.Combine(Directory, $"{id}-{Hash(id)}")).FullName;

    private void Finish(string id, string use, string directory, Dictionary<string, Artifact> outputs, Dictionary<string, string>? inputs)
    {
        ManifestStore.Write(directory, new StageManifest
        {
            Fingerprint = Hash(id).PadRight(64, '0'),
            StageId = id,
            Use = use,
            Plugin = "Fixture",
            PluginVersion = "0.1.0",
            Options = JsonDocument.Parse("{}").RootElement.Clone(),
            StartedAt = DateTimeOffset.UnixEpoch,
            FinishedAt = DateTimeOffset.UnixEpoch,
            DurationSeconds = 1,
            Outputs = outputs.ToDictionary(o => o.Key, o => ManifestStore.Serialize(o.Value)),
        });
        _records.Add(new StageRunRecord
        {
            Id = id,
            Use = use,
            Inputs = inputs ?? [],
            Fingerprint = Hash(id).PadRight(64, '0'),
            OutputDirectory = directory,
            State = StageRunState.Succeeded,
            DurationSeconds = 1,
        });
    }

    private LabelSet WriteLabels(string directory, string folder, Func<string, LabelMap> map)
    {
        var items = new List<LabelItem>();
        foreach (var id in ImageIds)
        {
            LabelMapIO.Write(Path.Combine(directory, folder, Name(id) + ".png"), map(id), Palette.SeCoCityscapes);
            items.Add(new LabelItem(id, $"{folder}/{Name(id)}.png"));
        }

        return new LabelSet(directory, items) { Taxonomy = "fixture3" };
    }

    /// <summary>
    /// Writes a metrics.json in eval.miou's format with distinct values per row (some with long decimals, one class
    /// null in one row), so a report that mixes rows, rounds or drops digits differs from it.
    /// </summary>
    private void WriteMetrics(string path, LabelSet labels, ImageSet images, int row)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("taxonomy", "fixture3");
            json.WriteString("unit", "percent");
            json.WriteNumber("images", ImageIds.Count);
            json.WriteNumber("mIoU", 40 + (row * 10) + (1.0 / 3));
            json.WriteNumber("pixelAccuracy", 70.125 + row);
            json.WriteNumber("labelledMIoU", 55 + (row * 7.5) + (2.0 / 7));
            json.WriteNumber("labelledPixelAccuracy", 90 + (row * 1.75));
            json.WriteNumber("coverage", 95 - (row * 12.3456789));
            json.WriteNumber("evaluatedPixels", Width * Height * ImageIds.Count);
            json.WriteStartObject("inputs");
            json.WriteStartObject("labels");
            json.WriteString("root", labels.Root);
            json.WriteEndObject();
            json.WriteStartObject("groundTruth");
            json.WriteString("from", "images");
            json.WriteString("root", images.Root);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("classes");
            for (var c = 0; c < s_classNames.Length; c++)
            {
                json.WriteStartObject();
                json.WriteNumber("id", c);
                json.WriteString("name", s_classNames[c]);
                json.WriteStartArray("color");
                foreach (var v in s_classColors[c])
                {
                    json.WriteNumberValue(v);
                }

                json.WriteEndArray();
                if (row == 1 && c == 2)
                {
                    json.WriteNull("iou");
                }
                else
                {
                    json.WriteNumber("iou", 20 + (row * 13.1) + (c * 17.77777777777777));
                }

                json.WriteNumber("labelledIoU", 30 + (row * 11) + c);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("skipped");
            json.WriteEndArray();
            json.WriteEndObject();
        }

        AtomicFile.WriteAllBytes(path, buffer.ToArray());
        MetricsFiles[Path.GetFileName(Path.GetDirectoryName(path))!.Split('-')[0]] = path;
    }

    private int Index(string id) => ImageIds.ToList().IndexOf(id);

    private static string Name(string id) => id.Replace('/', '_');

    private static string Hash(string id) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)))[..12];

    /// <summary>Ground truth: sky above, buildings in the middle, road below; a 255 band between road and buildings.</summary>
    private static LabelMap Truth(string id)
    {
        var map = new LabelMap(Width, Height);
        for (var y = 0; y < Height; y++)
        {
            var value = y < Height / 4 ? (byte)2 : y < Height / 2 ? (byte)1 : y == Height / 2 ? LabelMap.Ignore : (byte)0;
            map.Row(y).Fill(value);
        }

        return map;
    }

    /// <summary>The ground truth with a square of building inside the road (a noisy region) and an unlabelled column.</summary>
    private static LabelMap Noisy(LabelMap truth, int index, int blob)
    {
        var map = truth.Clone();
        var x0 = 8 + (index * 9 % (Width - blob - 16));
        for (var y = Height - blob - 4; y < Height - 4; y++)
        {
            map.Row(y).Slice(x0, blob).Fill(1);
        }

        for (var y = 0; y < Height; y++)
        {
            map[Width - 3, y] = LabelMap.Ignore;
        }

        return map;
    }

    private static RgbImage Photo(int index)
    {
        var image = new RgbImage(Width, Height);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                image[x, y] = ((byte)(x * 255 / Width), (byte)(y * 255 / Height), (byte)((index * 40) % 256));
            }
        }

        return image;
    }
}
