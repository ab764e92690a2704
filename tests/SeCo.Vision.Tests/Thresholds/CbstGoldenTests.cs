using System.Text.Json;
using SeCo.Vision.Thresholds;
using SeCo.Testing;
using SeCo.Vision.Checkpoints;
using SeCo.Vision.LabelMaps;
using static TorchSharp.torch;

namespace SeCo.Vision.Tests.Thresholds;

public sealed class CbstGoldenTests : IDisposable
{
    /// <summary>README: "CBST and preprocessing: bit-identical".</summary>
    private const float BitIdenticalTolerance = 0f;

    private const int Maps = 4;
    private const int Classes = 19;

    private readonly Dictionary<string, Tensor> _oracle = SafeTensors.Load(GoldenData.PathOf("sources", "cbst", "cbst_oracle.safetensors"));
    private readonly JsonElement _expected;

    public CbstGoldenTests()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(GoldenData.PathOf("sources", "cbst", "cbst_thresholds.json")));
        _expected = document.RootElement.GetProperty("portions").Clone();
    }

    [Theory]
    [InlineData("p0.2", 0.2)]
    [InlineData("p0.5", 0.5)]
    public void Class_balanced_thresholds_and_sizes_match_cbst(string prefix, double portion)
    {
        var thresholds = ThresholdSolver.Solve(CollectPools(), ThresholdMode.ClassBalanced, portion);
        var expected = _expected.GetProperty(prefix);
        thresholds.Raw.Should().Equal(
            expected.GetProperty("cls_thresh_cb").EnumerateArray().Select(v => v.GetSingle()),
            (a, b) => Math.Abs(a - b) <= BitIdenticalTolerance);
        thresholds.PoolSizes.Should().Equal(expected.GetProperty("cls_size_cb").EnumerateArray().Select(v => v.GetInt64()));
        thresholds.PoolSizes.Select(s => s > 0 ? 1 : 0).Should().Equal(expected.GetProperty("cls_exist").EnumerateArray().Select(v => v.GetInt32()));
    }

    [Theory]
    [InlineData("p0.2", 0.2)]
    [InlineData("p0.5", 0.5)]
    public void Class_balanced_pseudo_labels_match_cbst_bit_for_bit(string prefix, double portion)
    {
        var labeler = new PseudoLabeler(ThresholdSolver.Solve(CollectPools(), ThresholdMode.ClassBalanced, portion));
        for (var n = 0; n < Maps; n++)
        {
            var labels = Label(labeler, n);
            labels.Should().Equal(_oracle[$"{prefix}_pseudo_trainid_map{n}"].data<byte>().ToArray(), $"map {n}");
            var png = LabelMapIO.Read(GoldenData.PathOf("sources", "cbst", $"pseudo_trainid_{prefix}_map{n}.png"));
            labels.Should().Equal(png.Data, $"PNG of map {n}");
        }
    }

    [Theory]
    [InlineData("p0.2", 0.2)]
    [InlineData("p0.5", 0.5)]
    public void Global_threshold_and_pseudo_labels_match_cbst(string prefix, double portion)
    {
        var pools = CollectPools();
        var thresholds = ThresholdSolver.Solve(pools, ThresholdMode.GlobalConfidence, portion);
        var expected = _expected.GetProperty(prefix);
        ThresholdSolver.GlobalPoolSize(pools).Should().Be(expected.GetProperty("global_size").GetInt64());
        thresholds.Raw.Should().AllSatisfy(t => t.Should().Be(expected.GetProperty("cls_thresh_global").GetSingle()));
        var labeler = new PseudoLabeler(thresholds);
        for (var n = 0; n < Maps; n++)
        {
            Label(labeler, n).Should().Equal(_oracle[$"{prefix}_global_pseudo_trainid_map{n}"].data<byte>().ToArray(), $"map {n}");
        }
    }

    [Fact]
    public void Worked_example_of_the_spec_gives_its_pools_thresholds_and_labels()
    {
        float[] image1 =
        [
            .9f, .6f, .2f, .1f, .05f, .3f, .5f, .2f,
            .05f, .3f, .7f, .8f, .9f, .3f, .1f, .3f,
            .05f, .1f, .1f, .1f, .05f, .4f, .4f, .5f,
        ];
        float[] image2 =
        [
            .2f, .95f, .34f, .4f, .5f, .5f, .5f, .1f,
            .7f, .03f, .33f, .3f, .3f, .2f, .2f, .1f,
            .1f, .02f, .33f, .3f, .2f, .3f, .3f, .8f,
        ];
        var pools = new ConfidencePools(3);
        pools.Add(image1, new byte[8], new float[8]);
        pools.Add(image2, new byte[8], new float[8]);
        var thresholds = ThresholdSolver.Solve(pools, ThresholdMode.ClassBalanced, 0.5);
        thresholds.Raw.Should().Equal(.9f, .7f, .8f);
        thresholds.PoolSizes.Should().Equal(4, 3, 3);

        var labeler = new PseudoLabeler(thresholds);
        var labels = new byte[8];
        labeler.Assign(image1, labels, new float[8]);
        labels.Should().Equal(0, 255, 1, 1, 1, 255, 255, 255);
        labeler.Assign(image2, labels, new float[8]);
        labels.Should().Equal(1, 0, 255, 255, 255, 255, 255, 2);
    }

    [Theory]
    [InlineData(new[] { .9f, .6f, .5f, .7f, .8f }, .7f)]
    [InlineData(new[] { .2f, .4f, .6f, .8f }, .6f)]
    [InlineData(new[] { .1f, .2f, .3f }, .3f)]
    [InlineData(new[] { .1f, .2f, .3f, .4f, .5f, .6f, .7f }, .5f)]
    public void Top_portion_threshold_rounds_half_to_even_like_dt_st(float[] confidences, float threshold)
    {
        var pools = new ConfidencePools(1, sampleStride: 1);
        pools.Add(new byte[confidences.Length], confidences);
        ThresholdSolver.Solve(pools, ThresholdMode.ClassTopPortion, 0.5).Raw.Should().Equal(threshold);
    }

    [Fact]
    public void Top_portion_labels_keep_pixels_at_or_above_their_class_threshold()
    {
        float[] probabilities = [.9f, .4f, .7f, .2f, .1f, .6f, .3f, .8f];
        var pools = new ConfidencePools(2, sampleStride: 1);
        pools.Add(probabilities, new byte[4], new float[4]);
        var thresholds = ThresholdSolver.Solve(pools, ThresholdMode.ClassTopPortion, 0.5);
        thresholds.Raw.Should().Equal(.9f, .8f);
        var labels = new byte[4];
        new PseudoLabeler(thresholds).Assign(probabilities, labels, new float[4]);
        labels.Should().Equal(0, 255, 255, 1);
    }

    public void Dispose()
    {
        foreach (var tensor in _oracle.Values)
        {
            tensor.Dispose();
        }
    }

    private ConfidencePools CollectPools()
    {
        var pools = new ConfidencePools(Classes);
        var pixels = 64 * 128;
        for (var n = 0; n < Maps; n++)
        {
            pools.Add(_oracle[$"probmap_{n}"].data<float>().ToArray(), new byte[pixels], new float[pixels]);
        }

        return pools;
    }

    private byte[] Label(PseudoLabeler labeler, int n)
    {
        var pixels = 64 * 128;
        var labels = new byte[pixels];
        labeler.Assign(_oracle[$"probmap_{n}"].data<float>().ToArray(), labels, new float[pixels]);
        return labels;
    }
}
