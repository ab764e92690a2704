using SeCo.Plugins.Psa.Aggregation;
using SeCo.Vision.Geometry;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Segmentation;

namespace Psa.Sam.Tests.Aggregation;

/// <summary>The weight-free thing prompter's rule (see <see cref="SegmentThingPrompter"/>) on hand-made partitions.</summary>
public sealed class SegmentThingPrompterTests
{
    private const int Width = 10;
    private const int Height = 6;
    private const byte Car = 13;

    [Fact]
    public void Segment_holding_a_point_and_inside_the_box_is_the_mask()
    {
        // Segment 1 = columns 2–5 of rows 1–4 (16 px), unlabelled; everything else segment 0.
        var segments = Partition((y, x) => y is >= 1 and <= 4 && x is >= 2 and <= 5 ? 1 : 0);
        var labels = Labels((_, _) => LabelMap.Ignore);
        var prompt = new ThingPrompt(Car, new BoxPrompt(1, 0, 6, 5), [new Point2I(3, 2)]);

        var mask = new SegmentThingPrompter(segments, labels).Predict([prompt], Width, Height)[0];

        mask.Should().Equal(Expected((y, x) => y is >= 1 and <= 4 && x is >= 2 and <= 5));
    }

    [Fact]
    public void Background_segment_that_mostly_lies_outside_the_box_stays_out_even_with_a_point()
    {
        var segments = Partition((y, x) => y is >= 1 and <= 4 && x is >= 2 and <= 5 ? 1 : 0);
        var labels = Labels((_, _) => LabelMap.Ignore);
        // The point falls on background (segment 0, 44 px, of which 4 are in the box).
        var prompt = new ThingPrompt(Car, new BoxPrompt(1, 1, 1, 3), [new Point2I(1, 1)]);

        var mask = new SegmentThingPrompter(segments, labels).Predict([prompt], Width, Height)[0];

        mask.Should().OnlyContain(v => v == 0);
    }

    [Fact]
    public void Segment_without_a_point_joins_when_its_labelled_pixels_are_mostly_the_class()
    {
        // Segment 1 (cols 2–3) is labelled car on 5 of its 8 pixels (0.625); segment 2 (cols 4–5) on 4 of 8 (0.5, not above).
        var segments = Partition((y, x) => y is >= 1 and <= 4 ? x is 2 or 3 ? 1 : x is 4 or 5 ? 2 : 0 : 0);
        var labels = Labels((y, x) => (y, x) switch
        {
            (>= 1 and <= 4, 2 or 3) => y * 2 + x - 3 < 6 ? Car : (byte)0,
            (>= 1 and <= 4, 4 or 5) => y <= 2 ? Car : (byte)0,
            _ => LabelMap.Ignore,
        });
        var prompt = new ThingPrompt(Car, new BoxPrompt(2, 1, 3, 3), []);

        var mask = new SegmentThingPrompter(segments, labels, minClassShare: 0.5).Predict([prompt], Width, Height)[0];

        mask.Should().Equal(Expected((y, x) => y is >= 1 and <= 4 && x is 2 or 3));
    }

    [Fact]
    public void Mask_is_cut_to_the_box()
    {
        // One segment over rows 1–4, columns 2–5; the box covers only its columns 2–4 (12 of 16 px, 75%).
        var segments = Partition((y, x) => y is >= 1 and <= 4 && x is >= 2 and <= 5 ? 1 : 0);
        var labels = Labels((_, _) => LabelMap.Ignore);
        var prompt = new ThingPrompt(Car, new BoxPrompt(2, 1, 2, 3), [new Point2I(3, 3)]);

        var mask = new SegmentThingPrompter(segments, labels).Predict([prompt], Width, Height)[0];

        mask.Should().Equal(Expected((y, x) => y is >= 1 and <= 4 && x is >= 2 and <= 4));
    }

    [Fact]
    public void Prompts_do_not_influence_each_other()
    {
        var segments = Partition((y, x) => y is >= 1 and <= 4 && x is >= 2 and <= 5 ? 1 : 0);
        var labels = Labels((_, _) => LabelMap.Ignore);
        var inside = new ThingPrompt(Car, new BoxPrompt(1, 0, 6, 5), [new Point2I(3, 2)]);
        var outside = new ThingPrompt(Car, new BoxPrompt(7, 0, 2, 5), []);

        var masks = new SegmentThingPrompter(segments, labels).Predict([inside, outside, inside], Width, Height);

        masks[0].Should().Equal(masks[2]);
        masks[1].Should().OnlyContain(v => v == 0);
    }

    private static SegmentMap Partition(Func<int, int, int> segmentAt)
    {
        var labels = new int[Width * Height];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                labels[(y * Width) + x] = segmentAt(y, x);
            }
        }

        return new SegmentMap(Width, Height, labels, labels.Max() + 1);
    }

    private static LabelMap Labels(Func<int, int, byte> valueAt)
    {
        var map = new LabelMap(Width, Height);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                map.Data[(y * Width) + x] = valueAt(y, x);
            }
        }

        return map;
    }

    private static byte[] Expected(Func<int, int, bool> inside)
    {
        var mask = new byte[Width * Height];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                mask[(y * Width) + x] = inside(y, x) ? (byte)1 : (byte)0;
            }
        }

        return mask;
    }
}
