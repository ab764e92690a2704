using System.Text.Json;
using SeCo.Testing;
using SeCo.Vision.Checkpoints;
using SeCo.Vision.Geometry;

namespace SeCo.Vision.Tests.Golden;

/// <summary>
/// <c>golden/psa/geometry</c>: contours, <c>minAreaRect</c>, <c>boxPoints</c>, <c>get_mini_boxes</c>, the unclip
/// distance and polygon and <c>cal_four_para_bbox</c> of 22 binary blobs, against OpenCV 4.6 / shapely / pyclipper.
/// </summary>
public sealed class GeometryBlobsGoldenTests
{
    /// <summary>README: float32 values from OpenCV compare with atol 1e-4; integer results exactly.</summary>
    private const double OpenCvFloatTolerance = 1e-4;

    /// <summary>The unclip distance is double precision in both implementations.</summary>
    private const double DistanceTolerance = 1e-9;

    public static TheoryData<int> BlobIndices()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < 22; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BlobIndices))]
    public void Blob_geometry_matches_opencv_shapely_and_pyclipper(int index)
    {
        var (mask, width, height, expected) = Load(index);

        var contours = ContourFinder.FindContours(mask, width, height);
        contours.Select(c => PolygonMath.ContourArea(c)).Should().Equal(
            expected.GetProperty("contour_areas_findContours_order").EnumerateArray().Select(e => e.GetDouble()));

        var largest = ContourFinder.FindLargest(mask, width, height)!;
        largest.Should().Equal(Points(expected.GetProperty("largest_contour")));
        PolygonMath.ContourArea(largest).Should().Be(expected.GetProperty("largest_contour_area").GetDouble());

        var rect = MinAreaRect.Of(largest);
        var expectedRect = expected.GetProperty("minAreaRect");
        var center = expectedRect.GetProperty("center");
        var size = expectedRect.GetProperty("size");
        ((double)rect.Center.X).Should().BeApproximately(center[0].GetDouble(), OpenCvFloatTolerance);
        ((double)rect.Center.Y).Should().BeApproximately(center[1].GetDouble(), OpenCvFloatTolerance);
        ((double)rect.Width).Should().BeApproximately(size[0].GetDouble(), OpenCvFloatTolerance);
        ((double)rect.Height).Should().BeApproximately(size[1].GetDouble(), OpenCvFloatTolerance);
        ((double)rect.Angle).Should().BeApproximately(expectedRect.GetProperty("angle").GetDouble(), OpenCvFloatTolerance);

        ShouldMatch(rect.Corners(), expected.GetProperty("boxPoints"));

        var miniBox = MiniBox.FromRect(rect);
        var expectedMini = expected.GetProperty("get_mini_boxes");
        ShouldMatch(miniBox.Corners, expectedMini.GetProperty("box"));
        ((double)miniBox.MinSide).Should().BeApproximately(expectedMini.GetProperty("min_side").GetDouble(), OpenCvFloatTolerance);

        Unclip.Distance(miniBox.Corners)!.Value.Should().BeApproximately(
            expected.GetProperty("unclip_distance").GetDouble(), DistanceTolerance);

        var expanded = Unclip.Expand(miniBox.Corners);
        var expectedExpanded = expected.GetProperty("unclip").EnumerateArray().Select(Points).ToList();
        expanded.Should().HaveCount(expectedExpanded.Count);
        for (var i = 0; i < expanded.Count; i++)
        {
            expanded[i].Should().Equal(expectedExpanded[i]);
        }

        var box = BoxPrompt.FromPolygons(expanded, width, height);
        var expectedBox = expected.GetProperty("cal_four_para_bbox");
        if (expectedBox.ValueKind == JsonValueKind.Null)
        {
            box.Should().BeNull();
        }
        else
        {
            box.Should().Be(new BoxPrompt(expectedBox[0].GetInt32(), expectedBox[1].GetInt32(), expectedBox[2].GetInt32(), expectedBox[3].GetInt32()));
        }
    }

    [Fact]
    public void Component_box_geometry_of_a_cropped_blob_matches_the_full_frame_result()
    {
        var (mask, width, height, expected) = Load(7);
        int minX = width, minY = height, maxX = -1, maxY = -1;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (mask[(y * width) + x] != 0)
                {
                    (minX, minY, maxX, maxY) = (Math.Min(minX, x), Math.Min(minY, y), Math.Max(maxX, x), Math.Max(maxY, y));
                }
            }
        }

        int cropWidth = maxX - minX + 1, cropHeight = maxY - minY + 1;
        var crop = new byte[cropWidth * cropHeight];
        for (var y = 0; y < cropHeight; y++)
        {
            mask.AsSpan(((minY + y) * width) + minX, cropWidth).CopyTo(crop.AsSpan(y * cropWidth));
        }

        var geometry = ComponentBoxGeometry.Compute(crop, cropWidth, cropHeight, new Point2I(minX, minY), width, height)!;

        geometry.Contour.Should().Equal(Points(expected.GetProperty("largest_contour")));
        var bbox = expected.GetProperty("cal_four_para_bbox");
        geometry.Box.Should().Be(new BoxPrompt(bbox[0].GetInt32(), bbox[1].GetInt32(), bbox[2].GetInt32(), bbox[3].GetInt32()));
    }

    private static (byte[] Mask, int Width, int Height, JsonElement Expected) Load(int index)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(GoldenData.PathOf("psa", "geometry", "blobs.json")));
        var blob = json.RootElement.GetProperty("blobs")[index];
        blob.GetProperty("index").GetInt32().Should().Be(index);

        var tensors = SafeTensors.Load(GoldenData.PathOf("psa", "geometry", "blobs.safetensors"));
        try
        {
            var masks = tensors["masks"]; // [22, 48, 64] uint8
            var height = (int)masks.shape[1];
            var width = (int)masks.shape[2];
            using var one = masks[index];
            var mask = one.contiguous().data<byte>().ToArray();
            return (mask, width, height, blob.Clone());
        }
        finally
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }
        }
    }

    private static Point2I[] Points(JsonElement array) =>
        array.EnumerateArray().Select(p => new Point2I(p[0].GetInt32(), p[1].GetInt32())).ToArray();

    private static void ShouldMatch(Point2F[] actual, JsonElement expected)
    {
        actual.Should().HaveCount(expected.GetArrayLength());
        for (var i = 0; i < actual.Length; i++)
        {
            ((double)actual[i].X).Should().BeApproximately(expected[i][0].GetDouble(), OpenCvFloatTolerance, "corner {0} x", i);
            ((double)actual[i].Y).Should().BeApproximately(expected[i][1].GetDouble(), OpenCvFloatTolerance, "corner {0} y", i);
        }
    }
}
