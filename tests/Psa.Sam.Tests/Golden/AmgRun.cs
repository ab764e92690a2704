using System.Globalization;
using System.Text.Json;
using SeCo.Plugins.Psa.MaskGeneration;
using SeCo.Testing;

namespace Psa.Sam.Tests.Golden;

/// <summary>One golden automatic-mask-generator run (<c>sam/amg/&lt;run&gt;.json</c>).</summary>
internal sealed record AmgRun(string Name, string Model, AutomaticMaskGeneratorOptions Options, IReadOnlyList<AmgRun.Mask> Masks)
{
    /// <summary>One expected record; <paramref name="Key"/> (grid point and crop) identifies it order-independently.</summary>
    public sealed record Mask(string Key, (int, int, int, int) Bbox, long Area, uint[] Counts, double PredictedIou, double StabilityScore);

    public static AmgRun Read(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(GoldenData.PathOf("sam", "amg", name + ".json")));
        var root = document.RootElement;
        var p = root.GetProperty("generator_params");
        var options = new AutomaticMaskGeneratorOptions
        {
            PointsPerSide = p.GetProperty("points_per_side").GetInt32(),
            PointsPerBatch = p.GetProperty("points_per_batch").GetInt32(),
            PredIouThresh = p.GetProperty("pred_iou_thresh").GetDouble(),
            StabilityScoreThresh = p.GetProperty("stability_score_thresh").GetDouble(),
            StabilityScoreOffset = p.GetProperty("stability_score_offset").GetDouble(),
            BoxNmsThresh = p.GetProperty("box_nms_thresh").GetDouble(),
            CropNLayers = p.GetProperty("crop_n_layers").GetInt32(),
            CropNmsThresh = p.GetProperty("crop_nms_thresh").GetDouble(),
            CropOverlapRatio = p.GetProperty("crop_overlap_ratio").GetDouble(),
            CropNPointsDownscaleFactor = p.GetProperty("crop_n_points_downscale_factor").GetInt32(),
            MinMaskRegionArea = p.GetProperty("min_mask_region_area").GetInt32(),
            OutputMode = MaskOutputMode.UncompressedRle,
        };
        var masks = root.GetProperty("masks").EnumerateArray().Select(m =>
        {
            var point = m.GetProperty("point_coords")[0].EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var crop = m.GetProperty("crop_box").EnumerateArray().Select(v => (int)v.GetDouble()).ToArray();
            var bbox = m.GetProperty("bbox").EnumerateArray().Select(v => (int)v.GetDouble()).ToArray();
            var counts = m.GetProperty("segmentation").GetProperty("counts").EnumerateArray().Select(v => v.GetInt64()).ToArray();
            var key = Key(point[0], point[1], (crop[0], crop[1], crop[2], crop[3]));
            return new Mask(key, (bbox[0], bbox[1], bbox[2], bbox[3]), m.GetProperty("area").GetInt64(), counts.Select(c => (uint)c).ToArray(),
                m.GetProperty("predicted_iou").GetDouble(), m.GetProperty("stability_score").GetDouble());
        }).ToList();
        root.GetProperty("num_masks").GetInt32().Should().Be(masks.Count);
        return new AmgRun(name, root.GetProperty("model").GetString()!, options, masks);
    }

    public static string Key(MaskRecord r) => Key(r.PointCoords.X, r.PointCoords.Y, r.CropBox);

    private static string Key(double x, double y, (int, int, int, int) crop) =>
        string.Create(CultureInfo.InvariantCulture, $"point {x:R},{y:R} crop {crop}");
}
