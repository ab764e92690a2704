using System.Text.Json;
using SeCo.Plugins.Psa.MaskGeneration;
using SeCo.Plugins.Psa.Prompting;
using SeCo.Testing;
using SeCo.Vision.Rle;
using static TorchSharp.torch;

namespace Psa.Sam.Tests.Golden;

public sealed class AmgUtilsGoldenTests
{
    /// <summary>Float results are float32 in the reference; compare them to float32 rounding.</summary>
    private const double Float32Tolerance = 1e-6;

    /// <summary>ResizeLongestSide coordinates are float64 in the reference.</summary>
    private const double Float64Tolerance = 1e-9;

    private static List<JsonElement> Cases(string fn)
    {
        var document = JsonDocument.Parse(File.ReadAllText(GoldenData.PathOf("sam", "amg_utils", "amg_utils.json")));
        var cases = document.RootElement.EnumerateArray().Where(c => c.GetProperty("fn").GetString() == fn).ToList();
        cases.Should().NotBeEmpty();
        return cases;
    }

    private static int[,] Grid(JsonElement rows)
    {
        var r = rows.EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
        var grid = new int[r.Length, r[0].Length];
        for (var y = 0; y < r.Length; y++)
        {
            for (var x = 0; x < r[0].Length; x++)
            {
                grid[y, x] = r[y][x];
            }
        }

        return grid;
    }

    private static Tensor NestedTensor(JsonElement element, ScalarType dtype)
    {
        var shape = new List<long>();
        var e = element;
        while (e.ValueKind == JsonValueKind.Array)
        {
            shape.Add(e.GetArrayLength());
            e = e[0];
        }

        var values = new List<double>();
        void Flatten(JsonElement x)
        {
            if (x.ValueKind == JsonValueKind.Array)
            {
                foreach (var child in x.EnumerateArray())
                {
                    Flatten(child);
                }
            }
            else
            {
                values.Add(x.GetDouble());
            }
        }

        Flatten(element);
        return tensor(values.ToArray(), [.. shape]).to(dtype);
    }

    [Fact]
    public void Stability_scores_match_reference_including_nan_for_empty_unions()
    {
        foreach (var c in Cases("calculate_stability_score"))
        {
            var args = c.GetProperty("args");
            using var logits = NestedTensor(args.GetProperty("masks"), ScalarType.Float32);

            using var scores = StabilityScore.Calculate(logits, args.GetProperty("mask_threshold").GetDouble(), args.GetProperty("threshold_offset").GetDouble());

            var expected = c.GetProperty("result").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? double.NaN : v.GetDouble()).ToArray();
            var actual = scores.data<float>().ToArray();
            actual.Length.Should().Be(expected.Length);
            for (var i = 0; i < expected.Length; i++)
            {
                if (double.IsNaN(expected[i]))
                {
                    float.IsNaN(actual[i]).Should().BeTrue();
                }
                else
                {
                    ((double)actual[i]).Should().BeApproximately(expected[i], Float32Tolerance);
                }
            }
        }
    }

    [Fact]
    public void Mask_boxes_match_reference_for_2d_3d_and_4d_input()
    {
        foreach (var c in Cases("batched_mask_to_box"))
        {
            using var masks = NestedTensor(c.GetProperty("args").GetProperty("masks"), ScalarType.Bool);
            using var expected = NestedTensor(c.GetProperty("result"), ScalarType.Int64);

            using var boxes = MaskBoxes.FromMasks(masks);

            boxes.shape.Should().Equal(expected.shape);
            boxes.data<long>().ToArray().Should().Equal(expected.data<long>().ToArray());
        }
    }

    [Fact]
    public void Single_mask_box_matches_the_tensor_form()
    {
        var mask = new byte[5 * 7];
        for (var y = 1; y <= 2; y++)
        {
            for (var x = 3; x <= 5; x++)
            {
                mask[y * 7 + x] = 1;
            }
        }

        MaskBoxes.FromMask(mask, 5, 7).Should().Be((3, 1, 5, 2));
        MaskBoxes.FromMask(new byte[12], 3, 4).Should().Be((0, 0, 0, 0));
    }

    [Fact]
    public void Uncompressed_rle_matches_reference()
    {
        foreach (var c in Cases("mask_to_rle_pytorch"))
        {
            var grid = Grid(c.GetProperty("args").GetProperty("mask"));
            var (h, w) = (grid.GetLength(0), grid.GetLength(1));
            var bytes = new byte[h * w];
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)grid[i / w, i % w];
            }

            var rle = CocoRle.Encode(bytes, h, w);

            var result = c.GetProperty("result");
            rle.Counts.ToArray().Select(v => (long)v).Should().Equal(result.GetProperty("counts").EnumerateArray().Select(v => v.GetInt64()));
            ((long)rle.Area).Should().Be(c.GetProperty("area_from_rle").GetInt64());
            rle.Decode().Should().Equal(bytes);
        }
    }

    [Fact]
    public void Small_region_removal_matches_reference()
    {
        foreach (var c in Cases("remove_small_regions"))
        {
            var args = c.GetProperty("args");
            var grid = Grid(args.GetProperty("mask"));
            var (h, w) = (grid.GetLength(0), grid.GetLength(1));
            var mask = new byte[h * w];
            for (var i = 0; i < mask.Length; i++)
            {
                mask[i] = (byte)grid[i / w, i % w];
            }

            var mode = args.GetProperty("mode").GetString() == "holes" ? SmallRegionMode.Holes : SmallRegionMode.Islands;

            var changed = SmallRegions.Remove(mask, h, w, args.GetProperty("area_thresh").GetInt32(), mode);

            var expected = Grid(c.GetProperty("result").GetProperty("mask"));
            changed.Should().Be(c.GetProperty("result").GetProperty("changed").GetBoolean());
            for (var i = 0; i < mask.Length; i++)
            {
                mask[i].Should().Be((byte)expected[i / w, i % w], because: $"pixel {i} ({mode}, {args.GetProperty("area_thresh")})");
            }
        }
    }

    [Fact]
    public void Point_grids_match_reference()
    {
        foreach (var c in Cases("build_point_grid"))
        {
            var grid = PointGrid.Build(c.GetProperty("args").GetProperty("n_per_side").GetInt32());
            grid.Should().Equal(c.GetProperty("result").EnumerateArray().SelectMany(p => p.EnumerateArray().Select(v => v.GetDouble())));
        }

        foreach (var c in Cases("build_all_layer_point_grids"))
        {
            var args = c.GetProperty("args");
            var grids = PointGrid.BuildAllLayers(args.GetProperty("n_per_side").GetInt32(), args.GetProperty("n_layers").GetInt32(), args.GetProperty("scale_per_layer").GetInt32());
            var expected = c.GetProperty("result").EnumerateArray().ToList();
            grids.Count.Should().Be(expected.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                grids[i].Should().Equal(expected[i].EnumerateArray().SelectMany(p => p.EnumerateArray().Select(v => v.GetDouble())));
            }
        }
    }

    [Fact]
    public void Crop_boxes_match_reference()
    {
        foreach (var c in Cases("generate_crop_boxes"))
        {
            var args = c.GetProperty("args");
            var size = args.GetProperty("im_size").EnumerateArray().Select(v => v.GetInt32()).ToArray();

            var boxes = CropBoxes.Generate(size[0], size[1], args.GetProperty("n_layers").GetInt32(), args.GetProperty("overlap_ratio").GetDouble());

            var expected = c.GetProperty("result").GetProperty("crop_boxes").EnumerateArray().Select(b => b.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToList();
            var layers = c.GetProperty("result").GetProperty("layer_idxs").EnumerateArray().Select(v => v.GetInt32()).ToList();
            boxes.Select(b => new[] { b.X0, b.Y0, b.X1, b.Y1 }).Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
            boxes.Select(b => b.Layer).Should().Equal(layers);
        }
    }

    [Fact]
    public void Near_crop_edge_filter_matches_reference()
    {
        foreach (var c in Cases("is_box_near_crop_edge"))
        {
            var args = c.GetProperty("args");
            var crop = args.GetProperty("crop_box").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            var image = args.GetProperty("orig_box").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            image[0].Should().Be(0);
            image[1].Should().Be(0);
            using var boxes = NestedTensor(args.GetProperty("boxes_in_crop_frame"), ScalarType.Int64);

            using var near = CropEdges.IsBoxNearCropEdge(boxes, new CropBox(crop[0], crop[1], crop[2], crop[3], 1), image[3], image[2]);

            near.data<bool>().ToArray().Should().Equal(c.GetProperty("result").EnumerateArray().Select(v => v.GetBoolean()));
        }
    }

    [Fact]
    public void Box_nms_matches_torchvision()
    {
        foreach (var c in Cases("torchvision.ops.batched_nms"))
        {
            var args = c.GetProperty("args");
            var boxes = args.GetProperty("boxes").EnumerateArray().SelectMany(b => b.EnumerateArray().Select(v => (float)v.GetDouble())).ToArray();
            var scores = args.GetProperty("scores").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();

            var kept = BoxNms.Run(boxes, scores, args.GetProperty("iou_threshold").GetDouble());

            kept.Should().Equal(c.GetProperty("result").EnumerateArray().Select(v => v.GetInt32()));
        }
    }

    [Fact]
    public void Resize_longest_side_shapes_and_coordinates_match_reference()
    {
        foreach (var c in Cases("ResizeLongestSide").Single().GetProperty("cases").EnumerateArray())
        {
            var size = c.GetProperty("original_size").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            var transform = new ResizeLongestSide(c.GetProperty("target_length").GetInt32());
            var shape = c.GetProperty("preprocess_shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            transform.GetPreprocessShape(size[0], size[1]).Should().Be((shape[0], shape[1]));

            using var coords = NestedTensor(c.GetProperty("coords_in"), ScalarType.Float64);
            using var boxes = NestedTensor(c.GetProperty("boxes_in"), ScalarType.Float64);
            using var mappedCoords = transform.ApplyCoords(coords, (size[0], size[1]));
            using var mappedBoxes = transform.ApplyBoxes(boxes, (size[0], size[1]));

            var expectedCoords = c.GetProperty("coords_out").EnumerateArray().SelectMany(p => p.EnumerateArray().Select(v => v.GetDouble())).ToArray();
            var expectedBoxes = c.GetProperty("boxes_out").EnumerateArray().SelectMany(p => p.EnumerateArray().Select(v => v.GetDouble())).ToArray();
            var actualCoords = mappedCoords.data<double>().ToArray();
            var actualBoxes = mappedBoxes.data<double>().ToArray();
            for (var i = 0; i < expectedCoords.Length; i++)
            {
                actualCoords[i].Should().BeApproximately(expectedCoords[i], Float64Tolerance);
            }

            for (var i = 0; i < expectedBoxes.Length; i++)
            {
                actualBoxes[i].Should().BeApproximately(expectedBoxes[i], Float64Tolerance);
            }
        }
    }
}
