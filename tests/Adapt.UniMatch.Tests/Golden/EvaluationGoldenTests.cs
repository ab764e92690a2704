using System.Text.Json;
using SeCo.Plugins.Adapt.UniMatch.Evaluation;
using SeCo.Testing;
using SeCo.Vision.Checkpoints;
using SeCo.Vision.LabelMaps;
using static TorchSharp.torch;

namespace Adapt.UniMatch.Tests.Golden;

public sealed class EvaluationGoldenTests
{
    /// <summary>The golden README: mIoU and sliding window are bit-identical; the doubles are compared to print precision.</summary>
    private const double BitIdenticalTolerance = 1e-9;

    /// <summary>
    /// Float32 softmax sums of up to four overlapping windows. The README's "bit-identical" holds between runs of
    /// the reference; TorchSharp's CPU conv kernels round differently (measured 2.3e-6), so 1e-5 absolute.
    /// </summary>
    private const float SoftmaxSumTolerance = 1e-5f;

    [Fact]
    public void Miou_over_three_pairs_matches_intersection_and_union_of_the_reference()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(GoldenData.PathOf("unimatch", "miou", "miou_cases.json")));
        var preds = SafeTensors.Load(GoldenData.PathOf("unimatch", "miou", "preds.safetensors"));
        var miou = new MeanIoU(19);
        foreach (var pair in document.RootElement.GetProperty("pairs").EnumerateArray())
        {
            var index = pair.GetProperty("pair").GetInt32();
            var gt = LabelMapIO.Read(GoldenData.PathOf("unimatch", "miou", $"pair{index}_gt.png"));
            var pred = preds[$"pair{index}_pred"].data<long>().ToArray();
            var single = new MeanIoU(19);
            single.Add(pred, gt.Data);
            single.Intersection.Should().Equal(Longs(pair.GetProperty("area_intersection")));
            single.Union.Should().Equal(Longs(pair.GetProperty("area_union")));
            single.Target.Should().Equal(Longs(pair.GetProperty("area_target")));
            miou.Add(pred, gt.Data);
        }

        var expectedIoU = document.RootElement.GetProperty("iou_class_percent").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        miou.ClassIoU().Should().Equal(expectedIoU, (a, b) => Math.Abs(a - b) <= BitIdenticalTolerance);
        miou.Value().Should().BeApproximately(document.RootElement.GetProperty("mIoU_percent").GetDouble(), BitIdenticalTolerance);
        foreach (var tensor in preds.Values)
        {
            tensor.Dispose();
        }
    }

    [Fact]
    public void Miou_of_the_spec_oracle_counts_an_absent_class_as_zero()
    {
        // K = 3, I = [50, 0, 30], U = [100, 0, 60]: class 0 predicted right on 50 of 100 union pixels, class 2 on 30 of 60.
        var gt = new List<byte>();
        var pred = new List<long>();
        void Add(byte g, long p, int n)
        {
            for (var i = 0; i < n; i++)
            {
                gt.Add(g);
                pred.Add(p);
            }
        }

        Add(0, 0, 50);
        Add(0, 2, 25);
        Add(2, 0, 25);
        Add(2, 2, 30);
        Add(255, 1, 40);
        var miou = new MeanIoU(3);
        miou.Add(pred.ToArray(), gt.ToArray());

        miou.Intersection.Should().Equal(50L, 0L, 30L);
        miou.Union.Should().Equal(100L, 0L, 80L);
    }

    [Fact]
    public void Prediction_equal_to_the_class_count_is_counted_in_the_last_class()
    {
        var miou = new MeanIoU(19);
        miou.Add(new long[] { 19, 19, 200 }, new byte[] { 18, 5, 5 });

        miou.Intersection[18].Should().Be(0, "19 != 18 although both land in the last bin");
        miou.Union[18].Should().Be(3, "the two predictions 19 and the target 18 all count as class 18");
        miou.Target[5].Should().Be(2);
        miou.Union[5].Should().Be(2, "pred 200 falls outside every bin");
    }

    [Theory]
    [InlineData("sliding_window", EvaluationMode.SlidingWindow)]
    [InlineData("original", EvaluationMode.Original)]
    [InlineData("center_crop", EvaluationMode.CenterCrop)]
    public void Evaluation_modes_with_the_tiny_detfill_net_match_the_reference(string name, EvaluationMode mode)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(GoldenData.PathOf("unimatch", "sliding_window", "sliding_window_cases.json")));
        var expected = document.RootElement.GetProperty("modes").GetProperty(name);
        var golden = SafeTensors.Load(GoldenData.PathOf("unimatch", "sliding_window", "sliding_window.safetensors"));
        using var net = TinyDetFillNet.Create();
        net.eval();
        var inputShapes = new List<long[]>();
        var evaluator = new SegmentationEvaluator(x =>
        {
            inputShapes.Add(x.shape);
            return net.forward(x);
        }, mode, cropSize: 32);

        using var pred = evaluator.Predict(golden["image"]);
        using var gt = evaluator.CropGroundTruth(golden["mask"]);

        var expectedPred = golden[$"{name}_pred"].to_type(ScalarType.Int64);
        pred.shape.Should().Equal(expectedPred.shape);
        pred.eq(expectedPred).all().item<bool>().Should().BeTrue();
        inputShapes.Should().BeEquivalentTo(
            expected.GetProperty("model_input_shapes").EnumerateArray().Select(s => s.EnumerateArray().Select(v => v.GetInt64()).ToArray()),
            o => o.WithStrictOrdering());
        var miou = new MeanIoU(19);
        miou.Add(pred.data<long>().ToArray(), gt.to_type(ScalarType.Byte).data<byte>().ToArray());
        miou.Value().Should().BeApproximately(expected.GetProperty("mIoU_percent").GetDouble(), BitIdenticalTolerance);
        foreach (var tensor in golden.Values)
        {
            tensor.Dispose();
        }
    }

    [Fact]
    public void Sliding_window_softmax_sum_and_windows_match_the_reference()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(GoldenData.PathOf("unimatch", "sliding_window", "sliding_window_cases.json")));
        var golden = SafeTensors.Load(GoldenData.PathOf("unimatch", "sliding_window", "sliding_window.safetensors"));
        using var net = TinyDetFillNet.Create();
        net.eval();
        var evaluator = new SegmentationEvaluator(net.forward, EvaluationMode.SlidingWindow, cropSize: 32);

        using var sum = evaluator.SlidingWindowSoftmaxSum(golden["image"]);

        (sum - golden["sliding_window_final_softmax_sum"]).abs().max().item<float>().Should().BeLessThanOrEqualTo(SoftmaxSumTolerance);
        var windows = SegmentationEvaluator.Windows(50, 70, 32).Select(w => new[] { w.Row0, w.Row1, w.Col0, w.Col1 });
        windows.Should().BeEquivalentTo(
            document.RootElement.GetProperty("modes").GetProperty("sliding_window").GetProperty("windows_y0y1x0x1").EnumerateArray()
                .Select(w => w.EnumerateArray().Select(v => v.GetInt32()).ToArray()),
            o => o.WithStrictOrdering());
        foreach (var tensor in golden.Values)
        {
            tensor.Dispose();
        }
    }

    [Fact]
    public void Tiny_net_detfill_weights_equal_the_shipped_ones()
    {
        var shipped = SafeTensors.Load(GoldenData.PathOf("unimatch", "sliding_window", "tiny_model_detfill_weights.safetensors"));
        using var net = TinyDetFillNet.Create();
        foreach (var (key, value) in net.state_dict())
        {
            value.eq(shipped[key]).all().item<bool>().Should().BeTrue(key);
        }
    }

    [Fact]
    public void Sliding_windows_for_cityscapes_are_the_eight_of_the_spec()
    {
        SegmentationEvaluator.Windows(1024, 2048, 769).Should().Equal(
            (0, 769, 0, 769), (0, 769, 512, 1281), (0, 769, 1024, 1793), (0, 769, 1536, 2048),
            (512, 1024, 0, 769), (512, 1024, 512, 1281), (512, 1024, 1024, 1793), (512, 1024, 1536, 2048));
    }

    private static long[] Longs(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt64()).ToArray();
}
