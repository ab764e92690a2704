using System.Text.Json;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Sdk.Runs;

namespace SeCo.Plugins.HtmlReport;

/// <summary>
/// The numbers of one <c>scc_ld.json</c> (written by the <c>scc</c> stage in filterMode <c>gmm</c>), exactly as
/// stored: the normalised region-loss histogram by decision, the fitted two-component mixture, the thresholds and
/// the regions and pixels kept, relabelled and dropped. The report draws these and recomputes nothing but the
/// component curves from the stored parameters.
/// </summary>
internal sealed record RegionNoiseSummary
{
    /// <summary>The file name the stage writes into its output folder (listed by its <c>noise</c> report).</summary>
    public const string FileName = "scc_ld.json";

    /// <summary>The decisions, in the order the file and the report list them.</summary>
    public static readonly string[] Decisions = ["kept", "relabelled", "dropped"];

    /// <summary>The file the numbers come from.</summary>
    public required string Path { get; init; }

    /// <summary>The id of the stage that wrote the file.</summary>
    public required string StageId { get; init; }

    public required long Regions { get; init; }

    public required long Pixels { get; init; }

    /// <summary>The raw loss range the histogram's [0, 1] axis was normalised from.</summary>
    public required double LossMin { get; init; }

    public required double LossMax { get; init; }

    /// <summary>τ_ns.</summary>
    public required double NoiseThreshold { get; init; }

    /// <summary>τ_cr.</summary>
    public required double CorrectionThreshold { get; init; }

    /// <summary>Why no mixture decided (<c>none</c> when one did).</summary>
    public required string Fallback { get; init; }

    public int? Iterations { get; init; }

    public bool? Converged { get; init; }

    /// <summary>The mixture's weights, means and variances (on the normalised losses); empty under a fallback.</summary>
    public IReadOnlyList<double> Weights { get; init; } = [];

    public IReadOnlyList<double> Means { get; init; } = [];

    public IReadOnlyList<double> Variances { get; init; } = [];

    /// <summary>The component whose posterior is the noise probability.</summary>
    public int? NoisyComponent { get; init; }

    /// <summary>The normalised losses where the noise probability equals τ_ns.</summary>
    public IReadOnlyList<double> NoiseThresholdLosses { get; init; } = [];

    /// <summary>Region counts per histogram bin, by decision (<see cref="Decisions"/> order).</summary>
    public required IReadOnlyList<IReadOnlyList<long>> Histogram { get; init; }

    /// <summary>Regions per decision (<see cref="Decisions"/> order).</summary>
    public required IReadOnlyList<long> DecisionRegions { get; init; }

    /// <summary>Pixels per decision (<see cref="Decisions"/> order).</summary>
    public required IReadOnlyList<long> DecisionPixels { get; init; }

    /// <summary>Relabelled regions whose new class differs from their pseudo-label, and their pixels.</summary>
    public long ChangedRegions { get; init; }

    public long ChangedPixels { get; init; }

    /// <summary>
    /// The summaries of every stage whose <see cref="Report"/> output lists <see cref="FileName"/>, in stage order; a file
    /// that cannot be read becomes a note.
    /// </summary>
    public static IReadOnlyList<RegionNoiseSummary> FindAll(RunFolder run, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(notes);
        var summaries = new List<RegionNoiseSummary>();
        foreach (var stage in run.Stages)
        {
            foreach (var report in stage.Outputs.Values.OfType<Report>().Where(r => r.Files.Contains(FileName, StringComparer.Ordinal)))
            {
                var path = System.IO.Path.Combine(report.Root, FileName);
                try
                {
                    summaries.Add(Read(path, stage.Id));
                }
                catch (Exception ex) when (ex is SeCoInputException or IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
                {
                    notes.Add($"{stage.Id}: {ex.Message} ({path})");
                }
            }
        }

        return summaries;
    }

    /// <summary>Reads a <c>scc_ld.json</c>.</summary>
    /// <exception cref="SeCoInputException">The file is not JSON or lacks a field the report needs.</exception>
    public static RegionNoiseSummary Read(string path, string stageId)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new SeCoInputException(new InputLocation(File: path, Line: (int?)(ex.LineNumber + 1)), $"The SCC-LD summary is not valid JSON ({ex.Message}).", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new SeCoInputException(path, "Expected a JSON object (regions, thresholds, gmm, histogram, decisions).");
            }

            var loss = Member(root, "loss", path);
            var thresholds = Member(root, "thresholds", path);
            var gmm = Member(root, "gmm", path);
            var histogram = Member(root, "histogram", path);
            var decisions = Member(root, "decisions", path);
            var bins = Member(histogram, "bins", path).GetInt32();
            var counts = new List<IReadOnlyList<long>>();
            var regions = new List<long>();
            var pixels = new List<long>();
            foreach (var name in Decisions)
            {
                var values = Member(histogram, name, path).EnumerateArray().Select(v => v.GetInt64()).ToArray();
                if (values.Length != bins)
                {
                    throw new SeCoInputException(new InputLocation(File: path, JsonPath: $"$.histogram.{name}"), $"Expected {bins} bin counts, found {values.Length}.");
                }

                counts.Add(values);
                var decision = Member(decisions, name, path);
                regions.Add(Member(decision, "regions", path).GetInt64());
                pixels.Add(Member(decision, "pixels", path).GetInt64());
            }

            var relabelled = Member(decisions, "relabelled", path);
            return new RegionNoiseSummary
            {
                Path = path,
                StageId = stageId,
                Regions = Member(root, "regions", path).GetInt64(),
                Pixels = Member(root, "pixels", path).GetInt64(),
                LossMin = Member(loss, "min", path).GetDouble(),
                LossMax = Member(loss, "max", path).GetDouble(),
                NoiseThreshold = Member(thresholds, "noise", path).GetDouble(),
                CorrectionThreshold = Member(thresholds, "correction", path).GetDouble(),
                Fallback = Member(gmm, "fallback", path).GetString() ?? "none",
                Iterations = gmm.TryGetProperty("iterations", out var iterations) ? iterations.GetInt32() : null,
                Converged = gmm.TryGetProperty("converged", out var converged) ? converged.GetBoolean() : null,
                Weights = Doubles(gmm, "weights"),
                Means = Doubles(gmm, "means"),
                Variances = Doubles(gmm, "variances"),
                NoisyComponent = gmm.TryGetProperty("noisyComponent", out var noisy) ? noisy.GetInt32() : null,
                NoiseThresholdLosses = Doubles(gmm, "noiseThresholdLosses"),
                Histogram = counts,
                DecisionRegions = regions,
                DecisionPixels = pixels,
                ChangedRegions = relabelled.TryGetProperty("changedRegions", out var changed) ? changed.GetInt64() : 0,
                ChangedPixels = relabelled.TryGetProperty("changedPixels", out var changedPixels) ? changedPixels.GetInt64() : 0,
            };
        }
    }

    private static JsonElement Member(JsonElement element, string name, string path) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value
            : throw new SeCoInputException(path, $"The SCC-LD summary has no \"{name}\"; expected the file the scc stage writes in filterMode gmm.");

    private static double[] Doubles(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? [.. array.EnumerateArray().Select(v => v.GetDouble())]
            : [];
}
