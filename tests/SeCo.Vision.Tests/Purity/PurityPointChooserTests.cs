using SeCo.Vision.Geometry;
using SeCo.Vision.Purity;

namespace SeCo.Vision.Tests.Purity;

/// <summary>The point-selection oracles of spec psa §9 on a 4×10 purity grid <c>P[r][c] = 10·(3 − r) + c</c>.</summary>
public sealed class PurityPointChooserTests
{
    private const int Width = 10;

    private static float[] Grid()
    {
        var purity = new float[4 * Width];
        for (var r = 0; r < 4; r++)
        {
            for (var c = 0; c < Width; c++)
            {
                purity[(r * Width) + c] = (10 * (3 - r)) + c;
            }
        }

        return purity;
    }

    private static int[] Component(bool withExtraPixel)
    {
        var pixels = new List<int>();
        for (var r = 1; r <= 2; r++)
        {
            for (var c = 0; c <= 4; c++)
            {
                pixels.Add((r * Width) + c);
            }
        }

        if (withExtraPixel)
        {
            pixels.Add(3 * Width);
        }

        return [.. pixels];
    }

    [Fact]
    public void Even_sized_component_gets_one_point_from_its_first_q_plus_one_pixels()
    {
        var points = PurityPointChooser.Choose(Component(false), Grid(), Width);

        points.Should().Equal(new Point2I(0, 2));
    }

    [Fact]
    public void Odd_sized_component_gets_a_second_point_from_the_rest()
    {
        var points = PurityPointChooser.Choose(Component(true), Grid(), Width);

        points.Should().Equal(new Point2I(0, 2), new Point2I(0, 3));
    }

    [Fact]
    public void Chunks_end_at_index_q_so_a_lower_pixel_just_after_it_falls_in_the_second_chunk()
    {
        var purity = new float[4 * Width];
        purity.AsSpan().Fill(1f);
        purity[(1 * Width) + 3] = 0.2f;
        purity[(2 * Width) + 1] = 0.1f;
        purity[(3 * Width) + 0] = 0.05f;

        var points = PurityPointChooser.Choose(Component(true), purity, Width);

        points.Should().Equal(new Point2I(3, 1), new Point2I(0, 3));
    }

    [Fact]
    public void Ties_go_to_the_first_pixel_in_row_major_order()
    {
        var purity = new float[4 * Width];
        purity.AsSpan().Fill(0.5f);

        var points = PurityPointChooser.Choose(Component(true), purity, Width);

        points.Should().Equal(new Point2I(0, 1), new Point2I(1, 2));
    }

    [Fact]
    public void Pixels_out_of_row_major_order_are_rejected()
    {
        var act = () => PurityPointChooser.Choose([12, 11, 13], Grid(), Width);

        act.Should().Throw<ArgumentException>();
    }
}
