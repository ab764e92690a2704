using System.Text.Json;
using SeCo.Testing;
using SeCo.Vision.Geometry;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Purity;

namespace SeCo.Vision.Tests.Golden;

/// <summary>
/// <c>golden/psa/records/tiny</c>: for every thing component the reference PSA run prompted, the contour, mini box,
/// unclip polygon, <c>cal_four_para_bbox</c>, SAM box and purity-chosen points, rebuilt from the pseudo-label.
/// </summary>
public sealed class PsaComponentPromptsGoldenTests
{
    /// <summary>README: <c>get_mini_boxes</c> corners are float32 from OpenCV, atol 1e-4; everything else exact.</summary>
    private const double OpenCvFloatTolerance = 1e-4;

    private const int NumClasses = 19;

    private static readonly byte[] s_thingClasses = [5, 6, 7, 11, 12, 13, 14, 15, 16, 17, 18];

    [Theory]
    [InlineData("synth_000")]
    [InlineData("synth_001")]
    [InlineData("synth_002")]
    public void Component_prompts_match_the_reference_records(string name)
    {
        var labels = LabelMapIO.Read(GoldenData.PathOf("psa", "data", "psd_label", "train", name + ".png"));
        using var json = JsonDocument.Parse(File.ReadAllText(GoldenData.PathOf("psa", "records", "tiny", name + ".json")));
        var expected = json.RootElement.GetProperty("components").EnumerateArray().ToList();
        var purity = SpatialPurity.Compute(labels.Data, labels.Width, labels.Height, NumClasses);

        var produced = 0;
        foreach (var classId in s_thingClasses)
        {
            if (labels.Data.Count(v => v == classId) <= 10)
            {
                continue;
            }

            foreach (var pixels in ThingComponents.Of(labels.Data, labels.Width, labels.Height, classId))
            {
                if (pixels.Length < 10)
                {
                    continue;
                }

                produced.Should().BeLessThan(expected.Count, "the reference prompted {0} components", expected.Count);
                ShouldMatch(expected[produced], classId, pixels, purity, labels.Width, labels.Height);
                produced++;
            }
        }

        produced.Should().Be(expected.Count);
    }

    private static void ShouldMatch(JsonElement expected, byte classId, int[] pixels, float[] purity, int width, int height)
    {
        expected.GetProperty("label_id").GetInt32().Should().Be(classId);

        var geometry = ComponentBoxGeometry.Compute(Crop(pixels, width, out var offset, out var cropWidth, out var cropHeight),
            cropWidth, cropHeight, offset, width, height)!;

        geometry.Contour.Should().Equal(Points(expected.GetProperty("contour")));
        geometry.ContourArea.Should().Be(expected.GetProperty("contour_area").GetDouble());

        var miniBox = expected.GetProperty("mini_box");
        var corners = miniBox.GetProperty("points");
        for (var i = 0; i < 4; i++)
        {
            ((double)geometry.MiniBox.Corners[i].X).Should().BeApproximately(corners[i][0].GetDouble(), OpenCvFloatTolerance);
            ((double)geometry.MiniBox.Corners[i].Y).Should().BeApproximately(corners[i][1].GetDouble(), OpenCvFloatTolerance);
        }

        ((double)geometry.MiniBox.MinSide).Should().BeApproximately(miniBox.GetProperty("min_side").GetDouble(), OpenCvFloatTolerance);

        var unclip = expected.GetProperty("unclip").EnumerateArray().Select(Points).ToList();
        geometry.Expanded.Should().HaveCount(unclip.Count);
        for (var i = 0; i < unclip.Count; i++)
        {
            geometry.Expanded[i].Should().Equal(unclip[i]);
        }

        if (unclip.Count == 0)
        {
            geometry.Box.Should().BeNull("the reference skips a component whose unclip is empty");
            return;
        }

        var box = geometry.Box!.Value;
        var bbox = expected.GetProperty("bbox_xywh");
        box.Should().Be(new BoxPrompt(bbox[0].GetInt32(), bbox[1].GetInt32(), bbox[2].GetInt32(), bbox[3].GetInt32()));
        var xyxy = expected.GetProperty("input_box_xyxy");
        new[] { box.X, box.Y, box.XMax, box.YMax }.Should().Equal(xyxy.EnumerateArray().Select(e => e.GetInt32()));

        pixels.Length.Should().Be(expected.GetProperty("num_pixels").GetInt32());
        var points = PurityPointChooser.Choose(pixels, purity, width);
        points.Should().Equal(Points(expected.GetProperty("predict").GetProperty("point_coords")));
    }

    private static byte[] Crop(int[] pixels, int width, out Point2I offset, out int cropWidth, out int cropHeight)
    {
        int minX = int.MaxValue, minY = int.MaxValue, maxX = int.MinValue, maxY = int.MinValue;
        foreach (var p in pixels)
        {
            int x = p % width, y = p / width;
            (minX, minY, maxX, maxY) = (Math.Min(minX, x), Math.Min(minY, y), Math.Max(maxX, x), Math.Max(maxY, y));
        }

        offset = new Point2I(minX, minY);
        cropWidth = maxX - minX + 1;
        cropHeight = maxY - minY + 1;
        var crop = new byte[cropWidth * cropHeight];
        foreach (var p in pixels)
        {
            crop[(((p / width) - minY) * cropWidth) + (p % width) - minX] = 1;
        }

        return crop;
    }

    private static Point2I[] Points(JsonElement array) =>
        array.EnumerateArray().Select(p => new Point2I(p[0].GetInt32(), p[1].GetInt32())).ToArray();
}
