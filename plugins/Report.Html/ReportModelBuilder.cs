using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Sdk.Runs;

namespace SeCo.Plugins.HtmlReport;

/// <summary>
/// Finds what a report shows in a run folder, knowing no stage by name: every <see cref="LabelSet"/> output is a
/// column, every <see cref="Report"/> holding a <c>metrics.json</c> is a table row (matched to the label set wired
/// into its <c>labels</c> port, or else to the label set root the file records), the image set wired into an
/// evaluation (else the first one with ground truth) gives the images and the ground truth, and a stage's
/// <see cref="RegionSet"/> gives the outlines on that stage's column.
/// </summary>
internal static class ReportModelBuilder
{
    /// <summary>The input port evaluation stages score.</summary>
    public const string LabelsPort = "labels";

    /// <summary>The input port evaluation stages take images (and ground truth) from.</summary>
    public const string ImagesPort = "images";

    /// <summary>The output port name by which sources hand out ground truth; its label sets are never label-set columns.</summary>
    private const string GroundTruthPort = "groundTruth";

    public static ReportModel Build(RunFolder run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var notes = new List<string>();
        var columns = new List<LabelColumn>();
        foreach (var stage in run.Stages)
        {
            var regions = stage.Outputs.Values.OfType<RegionSet>().FirstOrDefault();
            foreach (var (port, artifact) in stage.Outputs)
            {
                if (artifact is LabelSet labels && port != GroundTruthPort)
                {
                    columns.Add(new LabelColumn(stage, port, labels, regions));
                }
            }
        }

        var rows = new List<MetricsRow>();
        ImageSet? images = null;
        string? imagesSource = null;
        LabelSet? groundTruth = null;
        string? groundTruthSource = null;
        foreach (var stage in run.Stages)
        {
            foreach (var report in stage.Outputs.Values.OfType<Report>())
            {
                if (!report.Files.Contains(StageMetrics.FileName, StringComparer.Ordinal))
                {
                    continue;
                }

                var path = Path.Combine(report.Root, StageMetrics.FileName);
                StageMetrics metrics;
                try
                {
                    metrics = StageMetrics.Read(path, stage.Id);
                }
                catch (Exception ex) when (ex is SeCoInputException or IOException or UnauthorizedAccessException)
                {
                    notes.Add($"{stage.Id}: {ex.Message} ({path})");
                    continue;
                }

                rows.Add(MatchRow(stage, metrics, columns));
                if (images is null && stage.Inputs.TryGetValue(ImagesPort, out var imagesReference) && run.Resolve(imagesReference) is ImageSet wired)
                {
                    images = wired;
                    imagesSource = imagesReference;
                }

                foreach (var (port, reference) in stage.Inputs)
                {
                    if (groundTruth is null && port != LabelsPort && run.Resolve(reference) is LabelSet truth)
                    {
                        groundTruth = truth;
                        groundTruthSource = reference;
                    }
                }
            }
        }

        if (images is null)
        {
            var sets = run.Stages.SelectMany(s => s.Outputs.Select(o => (Reference: $"{s.Id}.{o.Key}", Artifact: o.Value)))
                .Where(o => o.Artifact is ImageSet)
                .Select(o => (o.Reference, Images: (ImageSet)o.Artifact))
                .ToList();
            if (sets.FirstOrDefault(s => s.Images.HasGroundTruth) is { Images: not null } withTruth)
            {
                (imagesSource, images) = withTruth;
            }
            else if (sets.Count > 0)
            {
                (imagesSource, images) = sets[0];
            }
        }

        if (groundTruth is null && images is not null && images.Items.Any(i => i.GroundTruth is not null))
        {
            groundTruth = new LabelSet(images.Root, images.Items.Where(i => i.GroundTruth is not null).Select(i => new LabelItem(i.Id, i.GroundTruth!)).ToArray())
            {
                Taxonomy = images.Taxonomy,
            };
            groundTruthSource = imagesSource;
        }

        if (groundTruth is null && run.Stages.SelectMany(st => st.Outputs.Select(o => (Stage: st, Port: o.Key, Artifact: o.Value)))
                .FirstOrDefault(o => o.Port == GroundTruthPort && o.Artifact is LabelSet) is { Artifact: LabelSet declared } output)
        {
            groundTruth = declared;
            groundTruthSource = $"{output.Stage.Id}.{output.Port}";
        }

        if (groundTruthSource is not null)
        {
            columns.RemoveAll(c => c.Key == groundTruthSource);
        }

        if (rows.Count == 0)
        {
            notes.Add("No stage of this run wrote a metrics.json (add an eval.miou stage to score a label set against ground truth).");
        }

        var order = columns.Select((c, i) => (c, i)).ToDictionary(p => p.c.Key, p => p.i, StringComparer.Ordinal);
        return new ReportModel
        {
            Run = run,
            Columns = columns,
            Rows = rows.OrderBy(r => r.Column is null ? int.MaxValue : order.GetValueOrDefault(r.Column.Key, int.MaxValue)).ToList(),
            Images = images,
            GroundTruth = groundTruth,
            GroundTruthSource = groundTruthSource,
            Classes = rows.Select(r => r.Metrics.Classes).FirstOrDefault(c => c.Count > 0 && c.All(s => s.Color is not null))
                ?? rows.Select(r => r.Metrics.Classes).FirstOrDefault(c => c.Count > 0)
                ?? [],
            NoiseModels = RegionNoiseSummary.FindAll(run, notes),
            Training = TrainingCurves.Read(run),
            Notes = notes,
        };
    }

    private static MetricsRow MatchRow(RunFolderStage stage, StageMetrics metrics, List<LabelColumn> columns)
    {
        if (stage.Inputs.TryGetValue(LabelsPort, out var reference))
        {
            return new MetricsRow(reference, columns.FirstOrDefault(c => c.Key == reference), metrics);
        }

        if (metrics.LabelsRoot is { } root)
        {
            var full = Path.GetFullPath(root);
            var column = columns.FirstOrDefault(c => string.Equals(Path.GetFullPath(c.Labels.Root), full, StringComparison.Ordinal));
            return new MetricsRow(column?.Key ?? root, column, metrics);
        }

        return new MetricsRow($"(scored by {stage.Id})", null, metrics);
    }
}
