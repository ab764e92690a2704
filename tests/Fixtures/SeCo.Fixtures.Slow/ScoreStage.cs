using System.Globalization;
using System.Text.Json;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Sdk.IO;
using SeCo.Sdk.Stages;

namespace SeCo.Fixtures.Slow;

/// <summary>
/// An evaluation stand-in: compares the total size of item files with the number in the
/// <see cref="ScoreOptions.Expected"/> file and writes <c>metrics.json</c> with <c>mIoU</c> (100 × the
/// smaller over the larger) and <c>coverage</c> (the share of non-empty files, in percent).
/// </summary>
[Stage("fixtures.score", Description = "Scores item files against an expected total; writes metrics.json.")]
public sealed class ScoreStage : IStage<ScoreOptions>
{
    /// <summary>The item files to score.</summary>
    public static readonly Port<Report> Items = Port.Input<Report>("items", "Item files.");

    /// <summary>The report holding <c>metrics.json</c>.</summary>
    public static readonly Port<Report> Score = Port.Output<Report>("report", "metrics.json with mIoU and coverage.");

    /// <inheritdoc />
    public Task<StageOutputs> RunAsync(StageContext context, ScoreOptions options, StageInputs inputs, CancellationToken cancellationToken)
    {
        var items = inputs.Get(Items);
        var expectedPath = context.ResolvePath(options.Expected!);
        if (!File.Exists(expectedPath) || !double.TryParse(File.ReadAllText(expectedPath).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var expected))
        {
            throw new SeCoInputException(new InputLocation(File: expectedPath, JsonPath: "with.expected"), "Expected a text file holding one number, the expected total size.");
        }

        var sizes = items.Files.Select(f => new FileInfo(Path.Combine(items.Root, f)).Length).ToList();
        double total = sizes.Sum();
        var metrics = new Dictionary<string, double>
        {
            ["mIoU"] = Math.Round(100 * Math.Min(total, expected) / Math.Max(Math.Max(total, expected), 1), 2),
            ["coverage"] = sizes.Count == 0 ? 0 : Math.Round(100.0 * sizes.Count(s => s > 0) / sizes.Count, 2),
            ["images"] = sizes.Count,
        };
        Directory.CreateDirectory(context.OutputDirectory);
        AtomicFile.WriteAllText(Path.Combine(context.OutputDirectory, "metrics.json"), JsonSerializer.Serialize(metrics));
        return Task.FromResult(new StageOutputs().Set(Score, new Report(context.OutputDirectory, ["metrics.json"])));
    }
}
