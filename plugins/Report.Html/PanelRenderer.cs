using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;

namespace SeCo.Plugins.HtmlReport;

/// <summary>
/// Draws the panels of one sample image at panel size: label maps as class colours blended over the photo
/// (unlabelled pixels show the dimmed photo), region outlines, and the error map against the ground truth.
/// </summary>
internal sealed class PanelRenderer(Palette palette)
{
    /// <summary>How much of a labelled pixel's colour is the class colour (the rest is the photo).</summary>
    public const double LabelOpacity = 0.7;

    /// <summary>Resizes <paramref name="map"/> to the panel size by nearest neighbour.</summary>
    public static LabelMap ToPanelSize(LabelMap map, int width, int height) =>
        map.Width == width && map.Height == height ? map : LabelMapResize.Nearest(map, width, height);

    /// <summary>Label colours over <paramref name="photo"/>; both at panel size.</summary>
    public RgbImage Labels(RgbImage photo, LabelMap labels)
    {
        var result = new RgbImage(photo.Width, photo.Height);
        var source = photo.Data;
        var target = result.Data;
        var data = labels.Data;
        for (var p = 0; p < data.Length; p++)
        {
            var o = p * 3;
            if (data[p] == LabelMap.Ignore)
            {
                var gray = Gray(source, o) / 2;
                target[o] = target[o + 1] = target[o + 2] = (byte)gray;
                continue;
            }

            var (r, g, b) = palette[data[p]];
            target[o] = Blend(r, source[o]);
            target[o + 1] = Blend(g, source[o + 1]);
            target[o + 2] = Blend(b, source[o + 2]);
        }

        return result;
    }

    /// <summary>The error map of <paramref name="labels"/> against <paramref name="groundTruth"/> over the dimmed photo.</summary>
    public static RgbImage Errors(RgbImage photo, LabelMap labels, LabelMap groundTruth)
    {
        var result = new RgbImage(photo.Width, photo.Height);
        var source = photo.Data;
        var target = result.Data;
        for (var p = 0; p < labels.Data.Length; p++)
        {
            var o = p * 3;
            var truth = groundTruth.Data[p];
            var label = labels.Data[p];
            var shade = Gray(source, o) / 4;
            (byte R, byte G, byte B) color = truth == LabelMap.Ignore ? ((byte)shade, (byte)shade, (byte)shade)
                : label == LabelMap.Ignore ? PanelColors.Unlabelled
                : label == truth ? PanelColors.Correct
                : PanelColors.Wrong;
            target[o] = color.R;
            target[o + 1] = color.G;
            target[o + 2] = color.B;
        }

        return result;
    }

    /// <summary>Draws <paramref name="outlines"/> onto <paramref name="panel"/> in place.</summary>
    public static void Outline(RgbImage panel, RegionOutlines outlines)
    {
        var target = panel.Data;
        for (var p = 0; p < outlines.Pixels.Length; p++)
        {
            var state = outlines.Pixels[p];
            if (state == RegionOutlines.None)
            {
                continue;
            }

            var color = state switch
            {
                RegionOutlines.Kept => PanelColors.KeptOutline,
                RegionOutlines.Dropped => PanelColors.DroppedOutline,
                _ => PanelColors.UndecidedOutline,
            };
            target[p * 3] = color.R;
            target[p * 3 + 1] = color.G;
            target[p * 3 + 2] = color.B;
        }
    }

    /// <summary>A PNG <c>data:</c> URI of <paramref name="image"/>.</summary>
    public static string DataUri(RgbImage image) =>
        "data:image/png;base64," + Convert.ToBase64String(RgbImageIO.Encode(image, ".png"));

    private static byte Blend(byte color, byte photo) =>
        (byte)Math.Round((LabelOpacity * color) + ((1 - LabelOpacity) * photo));

    private static int Gray(byte[] rgb, int offset) =>
        ((299 * rgb[offset]) + (587 * rgb[offset + 1]) + (114 * rgb[offset + 2])) / 1000;
}
