using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Regions;
using SeCo.Sdk.Runs;

namespace SeCo.Plugins.HtmlReport;

/// <summary>
/// Renders the sample rows of a report: for images spread evenly over the image set, the photo, every label set
/// of the run (with the kept/dropped outlines of a stage's regions on its column), the ground truth and the error
/// map of the last label set. A file that cannot be read gives a panel that says why instead of failing the report.
/// </summary>
internal static class SampleRenderer
{
    public static IReadOnlyList<SampleRow> Render(ReportModel model, RunReportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var ids = SampleIds(model, options.Samples);
        if (ids.Count == 0)
        {
            return [];
        }

        var renderer = new PanelRenderer(PaletteFor(model));
        var rows = new List<SampleRow>(ids.Count);
        foreach (var id in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows.Add(RenderRow(model, renderer, id, options.ThumbnailWidth));
        }

        return rows;
    }

    /// <summary>Up to <paramref name="count"/> image ids spread evenly over the images (or the first label set without images).</summary>
    public static IReadOnlyList<string> SampleIds(ReportModel model, int count)
    {
        var all = model.Images?.Items.Select(i => i.Id).ToList()
            ?? model.Columns.FirstOrDefault()?.Labels.Items.Select(i => i.Id).ToList()
            ?? [];
        var take = Math.Min(Math.Max(count, 0), all.Count);
        return Enumerable.Range(0, take).Select(i => all[(int)((long)i * all.Count / take)]).ToList();
    }

    private static SampleRow RenderRow(ReportModel model, PanelRenderer renderer, string id, int maxWidth)
    {
        var panels = new List<Panel>();
        var imageItem = model.Images?.Items.FirstOrDefault(i => i.Id == id);
        RgbImage? photo = null;
        string? photoProblem = null;
        if (imageItem is not null)
        {
            try
            {
                photo = RgbImageIO.Read(model.Images!.ImagePath(imageItem));
            }
            catch (SeCoInputException ex)
            {
                photoProblem = ex.Message;
            }
        }

        var labelMaps = model.Columns.Select(c => Load(c.Labels, id)).ToList();
        var truth = model.GroundTruth is null ? (null, null) : Load(model.GroundTruth, id);
        var (fullWidth, fullHeight) = photo is not null ? (photo.Width, photo.Height)
            : truth.Map is not null ? (truth.Map.Width, truth.Map.Height)
            : labelMaps.FirstOrDefault(m => m.Map is not null).Map is { } first ? (first.Width, first.Height)
            : (maxWidth, maxWidth / 2);
        var (width, height) = Thumbnail.SizeFor(fullWidth, fullHeight, maxWidth);
        var background = photo is null ? new RgbImage(width, height) : Thumbnail.Downscale(photo, width, height);
        if (photo is null)
        {
            Array.Fill(background.Data, (byte)96);
        }

        panels.Add(new Panel("image", photo is null ? null : PanelRenderer.DataUri(background), photoProblem ?? (imageItem is null ? "no image" : null)));
        LabelMap? last = null;
        for (var c = 0; c < model.Columns.Count; c++)
        {
            var column = model.Columns[c];
            var (map, problem) = labelMaps[c];
            if (map is null)
            {
                panels.Add(new Panel(column.Key, null, problem));
                last = null;
                continue;
            }

            var small = PanelRenderer.ToPanelSize(map, width, height);
            var picture = renderer.Labels(background, small);
            string? caption = null;
            if (column.Regions is { } regions && regions.Items.FirstOrDefault(i => i.Id == id) is { } regionItem)
            {
                try
                {
                    var outlines = RegionOutlines.Build(RegionRecordJson.Read(regions.RegionsPath(regionItem)), map, width, height);
                    PanelRenderer.Outline(picture, outlines);
                    caption = $"{outlines.RegionCount} regions: {outlines.KeptCount} kept, {outlines.DroppedCount} dropped";
                }
                catch (SeCoInputException ex)
                {
                    caption = ex.Message;
                }
            }

            panels.Add(new Panel(column.Key, PanelRenderer.DataUri(picture), caption));
            last = small;
        }

        if (model.GroundTruth is not null)
        {
            var truthSmall = truth.Map is null ? null : PanelRenderer.ToPanelSize(truth.Map, width, height);
            panels.Add(new Panel("ground truth", truthSmall is null ? null : PanelRenderer.DataUri(renderer.Labels(background, truthSmall)), truth.Problem));
            if (model.Columns.Count > 0)
            {
                var title = $"errors of {model.Columns[^1].Key}";
                panels.Add(truthSmall is not null && last is not null
                    ? new Panel(title, PanelRenderer.DataUri(PanelRenderer.Errors(background, last, truthSmall)))
                    : new Panel(title, null, "needs the label map and the ground truth"));
            }
        }

        return new SampleRow(id, panels);
    }

    private static (LabelMap? Map, string? Problem) Load(LabelSet labels, string id)
    {
        if (labels.Find(id) is not { } item)
        {
            return (null, "no label map for this image");
        }

        try
        {
            return (LabelMapIO.Read(labels.LabelPath(item)), null);
        }
        catch (SeCoInputException ex)
        {
            return (null, ex.Message);
        }
    }

    /// <summary>The class colours of <c>metrics.json</c>; else the palette of the first readable label PNG; else generated hues.</summary>
    private static Palette PaletteFor(ReportModel model)
    {
        if (model.Classes.Count > 0 && model.Classes.All(c => c.Color is not null))
        {
            return Palette.FromColors(model.Classes.OrderBy(c => c.Id).Select(c => c.Color!.Value).ToArray());
        }

        foreach (var labels in model.Columns.Select(c => c.Labels).Append(model.GroundTruth).OfType<LabelSet>())
        {
            if (labels.Items.Count == 0)
            {
                continue;
            }

            try
            {
                LabelMapIO.Read(labels.LabelPath(labels.Items[0]), out var palette);
                if (palette is not null)
                {
                    return palette;
                }
            }
            catch (SeCoInputException)
            {
                // An unreadable first map: its panel says so; the colours come from the next source.
            }
        }

        var colors = new (byte R, byte G, byte B)[255];
        for (var i = 0; i < colors.Length; i++)
        {
            colors[i] = Hue(i * 0.618033988749895 % 1.0);
        }

        return Palette.FromColors(colors);
    }

    private static (byte R, byte G, byte B) Hue(double h)
    {
        var sector = h * 6;
        var f = sector - Math.Floor(sector);
        byte v = 230, p = 60, q = (byte)(230 - (170 * f)), t = (byte)(60 + (170 * f));
        return ((int)sector % 6) switch
        {
            0 => (v, t, p),
            1 => (q, v, p),
            2 => (p, v, t),
            3 => (p, q, v),
            4 => (t, p, v),
            _ => (v, p, q),
        };
    }
}
