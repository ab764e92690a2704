using SeCo.Vision.Geometry;

namespace SeCo.Vision.Tests.Geometry;

/// <summary>The box-prompt oracles of spec psa §9.</summary>
public sealed class ComponentBoxGeometryTests
{
    private static BoxPrompt? BoxOf(int imageWidth, int imageHeight, int x0, int y0, int x1, int y1)
    {
        var mask = new byte[imageWidth * imageHeight];
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                mask[(y * imageWidth) + x] = 1;
            }
        }

        return ComponentBoxGeometry.Compute(mask, imageWidth, imageHeight, default, imageWidth, imageHeight)!.Box;
    }

    [Fact]
    public void Block_in_the_image_gets_the_spec_box()
    {
        var box = BoxOf(80, 60, 10, 10, 39, 19)!.Value;

        new[] { box.X, box.Y, box.XMax, box.YMax }.Should().Equal(6, 6, 43, 23);
    }

    [Fact]
    public void Box_is_clipped_to_the_image()
    {
        var box = BoxOf(80, 60, 70, 0, 79, 7)!.Value;

        new[] { box.X, box.Y, box.XMax, box.YMax }.Should().Equal(68, 0, 79, 9);
    }

    [Fact]
    public void Straight_one_pixel_line_has_no_box()
    {
        var geometry = ComponentBoxGeometry.Compute(Line(), 80, 60, default, 80, 60)!;

        geometry.Expanded.Should().BeEmpty();
        geometry.Box.Should().BeNull();

        static byte[] Line()
        {
            var mask = new byte[80 * 60];
            mask.AsSpan((4 * 80) + 3, 12).Fill(1);
            return mask;
        }
    }

    [Fact]
    public void End_to_end_car_components_get_the_spec_boxes()
    {
        var first = BoxOf(24, 20, 14, 2, 19, 6)!.Value;
        var second = BoxOf(24, 20, 15, 12, 17, 16)!.Value;

        new[] { first.X, first.Y, first.XMax, first.YMax }.Should().Equal(13, 1, 20, 7);
        new[] { second.X, second.Y, second.XMax, second.YMax }.Should().Equal(14, 11, 18, 17);
    }

    [Fact]
    public void Empty_mask_has_no_geometry()
    {
        ComponentBoxGeometry.Compute(new byte[20], 5, 4, default, 5, 4).Should().BeNull();
    }

    [Fact]
    public void Box_from_no_polygon_is_null()
    {
        BoxPrompt.FromPolygons([], 10, 10).Should().BeNull();
    }
}
