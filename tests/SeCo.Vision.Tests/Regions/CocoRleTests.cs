using SeCo.Vision.Rle;

namespace SeCo.Vision.Tests.Regions;

public sealed class CocoRleTests
{
    private static byte[] Rows(params string[] rows) => rows.SelectMany(r => r.Select(c => (byte)(c - '0'))).ToArray();

    [Fact]
    public void Rle_of_spec_oracle_4x5_matches_pycocotools()
    {
        var rle = CocoRle.Encode(Rows("00000", "01100", "01110", "00000"), 4, 5);

        rle.Counts.ToArray().Should().Equal(5u, 2, 2, 2, 3, 1, 5);
        rle.ToString().Should().Be("52201O2");
        rle.ToBbox().Should().Be(new RleBoundingBox(1, 1, 3, 2));
        rle.Area.Should().Be(5);
    }

    [Fact]
    public void Rle_of_mask_starting_with_one_has_an_empty_first_run()
    {
        var rle = CocoRle.Encode(Rows("10", "11"), 2, 2);

        rle.Counts.ToArray().Should().Equal(0u, 2, 1, 1);
        rle.ToString().Should().Be("021O");
        rle.ToBbox().Should().Be(new RleBoundingBox(0, 0, 2, 2));
    }

    [Fact]
    public void Rle_box_of_a_run_crossing_columns_spans_the_full_height()
    {
        var rle = CocoRle.Encode(Rows("010", "000", "000", "100"), 4, 3);

        rle.Counts.ToArray().Should().Equal(3u, 2, 7);
        rle.ToString().Should().Be("327");
        rle.ToBbox().Should().Be(new RleBoundingBox(0, 0, 2, 4));
    }

    [Fact]
    public void Rle_string_uses_multi_character_groups_and_deltas()
    {
        var rle = new CocoRle(1000, 100, [40, 33, 1000, 70000]);

        rle.ToString().Should().Be("X1Q1Xo0_ZT2");
        CocoRle.FromString("X1Q1Xo0_ZT2", 1000, 100).Counts.ToArray().Should().Equal(40u, 33, 1000, 70000);
    }

    [Fact]
    public void Rle_of_large_rectangle_matches_the_spec_oracle()
    {
        var mask = new byte[1024 * 2048];
        for (var y = 100; y < 200; y++)
        {
            mask.AsSpan((y * 2048) + 300, 400).Fill(1);
        }

        var rle = CocoRle.Encode(mask, 1024, 2048);

        rle.Counts.Length.Should().Be(801);
        rle.Counts[..4].ToArray().Should().Equal(307300u, 100, 924, 100);
        var text = rle.ToString();
        text.Should().StartWith("TS\\9T3ll000").And.HaveLength(811);
        rle.ToBbox().Should().Be(new RleBoundingBox(300, 100, 400, 100));
        rle.Area.Should().Be(40000);
        rle.Decode().Should().Equal(mask);
    }

    [Fact]
    public void Rle_of_empty_and_full_masks_matches_pycocotools()
    {
        CocoRle.Encode(new byte[20], 5, 4).ToString().Should().Be("d0");
        CocoRle.Encode(Enumerable.Repeat((byte)1, 20).ToArray(), 5, 4).ToString().Should().Be("0d0");
        CocoRle.Encode(new byte[6], 2, 3).Counts.ToArray().Should().Equal(6u);
        CocoRle.Encode([1, 1, 1, 1, 1, 1], 2, 3).Counts.ToArray().Should().Equal(0u, 6);
    }

    [Fact]
    public void Rle_counts_follow_sam_column_major_oracles()
    {
        CocoRle.Encode(Rows("01", "11", "00"), 3, 2).Counts.ToArray().Should().Equal(1u, 1, 1, 2, 1);
        CocoRle.Encode(Rows("11", "01"), 2, 2).Counts.ToArray().Should().Equal(0u, 1, 1, 2);
    }

    [Fact]
    public void Rle_encode_starts_a_run_at_every_byte_change_like_pycocotools()
    {
        // Values other than 0/1 are not masks, but pycocotools still starts a new run at each change.
        CocoRle.Encode([0, 2, 1, 1], 4, 1).Counts.ToArray().Should().Equal(1u, 1, 2);
    }

    [Fact]
    public void Rle_toBbox_applies_zero_length_runs_literally()
    {
        var rle = new CocoRle(4, 5, [0, 3, 0, 2, 4, 0, 11]);

        rle.ToBbox().Should().Be(new RleBoundingBox(0, 0, 3, 4));
        rle.Area.Should().Be(5);
    }

    [Fact]
    public void Rle_toBbox_ignores_a_trailing_odd_count_and_is_empty_without_runs()
    {
        new CocoRle(4, 4, [16]).ToBbox().Should().Be(default(RleBoundingBox));
        new CocoRle(4, 4, [5, 3, 8]).ToBbox().Should().Be(new CocoRle(4, 4, [5, 3]).ToBbox());
    }

    [Fact]
    public void Rle_string_round_trips_random_counts_including_negative_deltas()
    {
        var random = new Random(3);
        for (var trial = 0; trial < 200; trial++)
        {
            var counts = Enumerable.Range(0, random.Next(1, 30)).Select(_ => (uint)random.Next(0, trial % 2 == 0 ? 50 : 1 << 29)).ToArray();
            var rle = new CocoRle(7, 9, counts);

            CocoRle.FromString(rle.ToString(), 7, 9).Counts.ToArray().Should().Equal(counts);
        }
    }

    [Fact]
    public void Rle_string_rejects_non_ascii_and_truncated_values()
    {
        var nonAscii = () => CocoRle.FromString("1é", 2, 2);
        var truncated = () => CocoRle.FromString("1P", 2, 2);

        nonAscii.Should().Throw<FormatException>().WithMessage("*non-ASCII*");
        truncated.Should().Throw<FormatException>().WithMessage("*ends inside a value*");
    }

    [Fact]
    public void Rle_decode_rejects_counts_beyond_the_image()
    {
        var act = () => new CocoRle(2, 2, [1, 5]).Decode();

        act.Should().Throw<FormatException>().WithMessage("*6 pixels*");
    }

    [Fact]
    public void Rle_merge_and_iou_agree_with_pixelwise_set_operations()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 100; trial++)
        {
            int h = random.Next(1, 12), w = random.Next(1, 12);
            var a = RandomMask(random, h * w);
            var b = RandomMask(random, h * w);
            var ra = CocoRle.Encode(a, h, w);
            var rb = CocoRle.Encode(b, h, w);

            var or = a.Zip(b, (x, y) => (byte)(x | y)).ToArray();
            var and = a.Zip(b, (x, y) => (byte)(x & y)).ToArray();
            CocoRle.Merge([ra, rb]).Counts.ToArray().Should().Equal(CocoRle.Encode(or, h, w).Counts.ToArray());
            CocoRle.Merge([ra, rb], intersect: true).Counts.ToArray().Should().Equal(CocoRle.Encode(and, h, w).Counts.ToArray());

            var boxesOverlap = BoxesOverlap(ra.ToBbox(), rb.ToBbox());
            double inter = and.Count(v => v == 1), union = or.Count(v => v == 1), areaA = a.Count(v => v == 1);
            var expected = !boxesOverlap || inter == 0 ? 0 : inter / union;
            var expectedCrowd = !boxesOverlap || inter == 0 ? 0 : inter / areaA;
            CocoRle.Iou(ra, rb).Should().Be(expected, $"trial {trial}");
            CocoRle.Iou(ra, rb, isCrowd: true).Should().Be(expectedCrowd, $"trial {trial}");
        }
    }

    [Fact]
    public void Rle_merge_of_one_is_a_copy_and_of_none_or_different_sizes_is_empty()
    {
        var a = new CocoRle(2, 2, [1, 2, 1]);

        CocoRle.Merge([a]).Should().Be(a);
        CocoRle.Merge([]).Counts.IsEmpty.Should().BeTrue();
        CocoRle.Merge([a, new CocoRle(2, 3, [6])]).Should().Be(new CocoRle(0, 0, []));
    }

    [Fact]
    public void Rle_iou_of_different_sizes_is_minus_one_when_boxes_overlap()
    {
        CocoRle.Iou(new CocoRle(2, 2, [0, 4]), new CocoRle(3, 3, [0, 9])).Should().Be(-1);
    }

    private static bool BoxesOverlap(RleBoundingBox d, RleBoundingBox g) =>
        Math.Min((double)d.X + d.Width, (double)g.X + g.Width) - Math.Max(d.X, g.X) > 0 &&
        Math.Min((double)d.Y + d.Height, (double)g.Y + g.Height) - Math.Max(d.Y, g.Y) > 0;

    private static byte[] RandomMask(Random random, int length)
    {
        var mask = new byte[length];
        var p = random.NextDouble();
        for (var i = 0; i < length; i++)
        {
            mask[i] = random.NextDouble() < p ? (byte)1 : (byte)0;
        }

        return mask;
    }
}
