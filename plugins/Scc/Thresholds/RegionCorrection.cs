using SeCo.Vision.Regions;

namespace SeCo.Plugins.Scc.Thresholds;

/// <summary>
/// <c>convert_json_2input</c>: attaches thresholds to every region, makes the predicted class the region's
/// <c>category_id</c>, and regroups regions per image (first-appearance order, ids restarting at 0).
/// </summary>
public static class RegionCorrection
{
    /// <summary>Builds the corrected per-image records.</summary>
    /// <param name="predictions">All regions, in dataset order.</param>
    /// <param name="ratio">Noise ratio for <see cref="RegionThresholds"/>.</param>
    public static IReadOnlyList<CorrectedImage> Build(IReadOnlyList<RegionPrediction> predictions, double ratio = 0.5)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var n = predictions.Count;
        var losses = new double[n];
        var scores = new double[n];
        var classes = new int[n];
        for (var i = 0; i < n; i++)
        {
            losses[i] = predictions[i].Loss;
            scores[i] = predictions[i].Score;
            classes[i] = predictions[i].PredictedClass;
        }

        var thresholds = RegionThresholds.Compute(losses, scores, classes, ratio);
        var groups = new Dictionary<(string Dir, string Name), List<RegionRecord>>();
        var order = new List<(string Dir, string Name)>();
        for (var i = 0; i < n; i++)
        {
            var p = predictions[i];
            var underscore = p.Name.IndexOf('_', StringComparison.Ordinal);
            var key = (underscore >= 0 ? p.Name[..underscore] : "", p.Name);
            if (!groups.TryGetValue(key, out var records))
            {
                records = [];
                groups[key] = records;
                order.Add(key);
            }

            var box = p.Segmentation.ToBbox();
            records.Add(new RegionRecord
            {
                Loss = p.Loss,
                Score = p.Score,
                Segmentation = p.Segmentation,
                Bbox = new RegionBox((int)box.X, (int)box.Y, (int)box.Width, (int)box.Height),
                Area = p.Segmentation.Area,
                Id = records.Count,
                CategoryId = p.PredictedClass,
                TrueLabel = p.TrueLabel ?? new TrueLabel(255, 0, false),
                ScoreThreshold = thresholds.ScoreThreshold,
                LossThreshold = thresholds.LossThreshold,
                LocalScoreThreshold = thresholds.LocalScoreThresholds[i],
                LocalLossThreshold = thresholds.LocalLossThresholds[i],
                GlobalScoreThreshold = thresholds.GlobalScoreThreshold,
                GlobalLossThreshold = thresholds.GlobalLossThreshold,
            });
        }

        var result = new List<CorrectedImage>(order.Count);
        foreach (var key in order)
        {
            var file = key.Name.Replace(".png", ".json", StringComparison.Ordinal).Replace(".jpg", ".json", StringComparison.Ordinal);
            var relative = key.Dir.Length == 0 ? $"train/{file}" : $"train/{key.Dir}/{file}";
            result.Add(new CorrectedImage(key.Dir, key.Name, relative, groups[key]));
        }

        return result;
    }
}
