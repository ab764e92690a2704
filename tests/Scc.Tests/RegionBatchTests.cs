using SeCo.Plugins.Scc.Data;
using SeCo.Plugins.Scc.Modeling;
using SeCo.Sdk.Errors;
using SeCo.Testing;
using SeCo.Vision.Imaging;
using SeCo.Vision.Regions;
using SeCo.Vision.Rle;
using TorchSharp;
using static TorchSharp.torch;

namespace Scc.Tests;

public sealed class RegionBatchTests
{
    [Fact]
    public void Sampler_is_fixed_by_the_seed_drops_the_last_partial_batch_and_reshuffles_each_epoch()
    {
        var plans = new RegionBatchSampler(sampleCount: 7, batchSize: 3, seed: 5).Plans(6).ToList();
        var again = new RegionBatchSampler(7, 3, 5).Plans(6).ToList();
        var other = new RegionBatchSampler(7, 3, 6).Plans(6).ToList();

        plans.Should().HaveCount(6);
        plans.Select(p => string.Join(',', p.Indices) + "|" + string.Join(',', p.Mirrors))
            .Should().Equal(again.Select(p => string.Join(',', p.Indices) + "|" + string.Join(',', p.Mirrors)));
        plans.SelectMany(p => p.Indices).Should().NotEqual(other.SelectMany(p => p.Indices));
        for (var epoch = 0; epoch < 3; epoch++)
        {
            var seen = plans[2 * epoch].Indices.Concat(plans[2 * epoch + 1].Indices).ToArray();
            seen.Should().OnlyHaveUniqueItems("two full batches of 3 per epoch of 7 samples, one sample dropped");
        }
    }

    [Fact]
    public void Sequential_plans_cover_every_sample_once_with_a_short_last_batch_and_no_mirror()
    {
        var plans = RegionBatchSampler.Sequential(7, 3).ToList();

        plans.Select(p => p.Indices.Length).Should().Equal(3, 3, 1);
        plans.SelectMany(p => p.Indices).Should().Equal(Enumerable.Range(0, 7));
        plans.SelectMany(p => p.Mirrors).Should().OnlyContain(m => !m);
    }

    [Fact]
    public void Prefetched_batches_equal_batches_loaded_inline_in_plan_order()
    {
        using var temp = new TempDirectory();
        var samples = Samples(temp.Path, count: 9);
        var plans = new RegionBatchSampler(samples.Count, 2, seed: 3).Plans(10).ToList();
        var loader = new RegionPatchLoader(16, 32);
        var inline = plans.Select(p => RegionBatchPrefetcher.Collate(loader, samples, p)).ToList();

        using var prefetcher = new RegionBatchPrefetcher(samples, plans, 16, 32, capacity: 1);
        var prefetched = prefetcher.Batches().ToList();

        prefetched.Should().HaveCount(inline.Count);
        for (var i = 0; i < inline.Count; i++)
        {
            prefetched[i].Plan.Should().BeSameAs(plans[i]);
            prefetched[i].Images.Should().Equal(inline[i].Images);
            prefetched[i].Masks.Should().Equal(inline[i].Masks);
            prefetched[i].Labels.Should().Equal(inline[i].Labels);
        }
    }

    [Fact]
    public void Loading_error_in_the_background_reaches_the_consumer()
    {
        using var temp = new TempDirectory();
        var samples = Samples(temp.Path, count: 3);
        samples.Add(samples[0] with { ImagePath = Path.Combine(temp.Path, "missing.png") });

        using var prefetcher = new RegionBatchPrefetcher(samples, RegionBatchSampler.Sequential(samples.Count, 1), 16, 32);
        var act = () => prefetcher.Batches().ToList();

        act.Should().Throw<SeCoInputException>().WithMessage("*");
    }

    [Fact]
    public void Disposing_a_prefetcher_part_way_stops_its_producer()
    {
        using var temp = new TempDirectory();
        var samples = Samples(temp.Path, count: 4);
        var prefetcher = new RegionBatchPrefetcher(samples, new RegionBatchSampler(samples.Count, 2, 0).Plans(1000), 16, 32, capacity: 1);
        prefetcher.Batches().Take(2).Should().HaveCount(2);

        var dispose = prefetcher.Dispose;

        dispose.Should().NotThrow();
    }

    [Theory]
    [InlineData(18)]
    [InlineData(101)]
    public void Narrow_classifier_keeps_torchvision_names_and_scales_every_width(int depth)
    {
        using var scope = torch.NewDisposeScope();
        using var reference = new MaskGatedResNet(depth, 19);
        using var narrow = new MaskGatedResNet(depth, 19, baseChannels: 8);

        var referenceState = reference.state_dict();
        var narrowState = narrow.state_dict();

        narrowState.Keys.Should().Equal(referenceState.Keys);
        narrowState["conv1.weight"].shape[0].Should().Be(8);
        narrowState["fc.weight"].shape.Should().Equal(19, referenceState["fc.weight"].shape[1] / 8);
        narrow.FeatureDimension.Should().Be(reference.FeatureDimension / 8);
        var logits = narrow.forward(torch.randn(2, 3, 32, 64), torch.ones(2, 1, 32, 64, ScalarType.Byte));
        logits.shape.Should().Equal(2, 19);
    }

    private static List<RegionSample> Samples(string root, int count)
    {
        var image = new RgbImage(64, 32);
        for (var i = 0; i < image.Data.Length; i++)
        {
            image.Data[i] = (byte)(i * 13 % 241);
        }

        var path = Path.Combine(root, "image.png");
        RgbImageIO.Write(path, image);
        var samples = new List<RegionSample>();
        for (var k = 0; k < count; k++)
        {
            var mask = new byte[64 * 32];
            var left = k * 5 % 50;
            for (var y = 4; y < 4 + k % 7 + 2; y++)
            {
                for (var x = left; x < left + 6; x++)
                {
                    mask[y * 64 + x] = 1;
                }
            }

            var rle = CocoRle.Encode(mask, 64, 32);
            var box = rle.ToBbox();
            samples.Add(new RegionSample(path, "image", rle, new RegionBox((int)box.X, (int)box.Y, (int)box.Width, (int)box.Height), k % 19, null));
        }

        return samples;
    }
}
