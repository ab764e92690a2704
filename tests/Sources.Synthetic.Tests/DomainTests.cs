using SeCo.Plugins.Sources.Synthetic;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Stages;
using SeCo.Testing;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;

namespace Sources.Synthetic.Tests;

public sealed class DomainTests
{
    private static readonly SyntheticSourceOptions s_small = new() { Count = 6, Width = 256, Height = 128, Seed = 3 };

    [Theory]
    [InlineData(SyntheticDomain.Source)]
    [InlineData(SyntheticDomain.Target)]
    public async Task Domains_give_ground_truth_only_on_the_ground_truth_port(SyntheticDomain domain)
    {
        using var dir = new TempDirectory("synth");
        var (images, labels, truth) = await RunAsync(dir.Path, s_small with { Domain = domain });

        images.Items.Should().HaveCount(6).And.OnlyContain(i => i.GroundTruth == null);
        images.HasGroundTruth.Should().BeFalse();
        labels.Items.Should().BeEmpty();
        truth.Items.Select(i => i.Id).Should().Equal(images.Items.Select(i => i.Id));
        Directory.Exists(Path.Combine(dir.Path, "psd_label")).Should().BeFalse("no pseudo-labels are simulated from the ground truth");
        foreach (var item in truth.Items)
        {
            var map = LabelMapIO.Read(truth.LabelPath(item));
            (map.Width, map.Height).Should().Be((256, 128));
        }
    }

    [Fact]
    public async Task The_source_domain_renders_the_noise_modes_scenes_and_the_noise_mode_also_offers_ground_truth()
    {
        using var noise = new TempDirectory("synth");
        using var source = new TempDirectory("synth");
        var (noiseImages, noiseLabels, noiseTruth) = await RunAsync(noise.Path, s_small);
        var (sourceImages, _, _) = await RunAsync(source.Path, s_small with { Domain = SyntheticDomain.Source });

        noiseImages.HasGroundTruth.Should().BeTrue("the noise mode keeps today's outputs");
        noiseLabels.Items.Should().HaveCount(6);
        noiseTruth.Items.Select(i => i.Label).Should().Equal(noiseImages.Items.Select(i => i.GroundTruth));
        for (var i = 0; i < noiseImages.Items.Count; i++)
        {
            File.ReadAllBytes(sourceImages.ImagePath(sourceImages.Items[i]))
                .Should().Equal(File.ReadAllBytes(noiseImages.ImagePath(noiseImages.Items[i])));
        }
    }

    [Fact]
    public async Task The_target_domain_differs_in_look_layout_and_class_frequencies()
    {
        using var source = new TempDirectory("synth");
        using var target = new TempDirectory("synth");
        var options = s_small with { Count = 12 };
        var (sourceImages, _, sourceTruth) = await RunAsync(source.Path, options with { Domain = SyntheticDomain.Source });
        var (targetImages, _, targetTruth) = await RunAsync(target.Path, options with { Domain = SyntheticDomain.Target });

        var (sourceBrightness, sourceSaturation) = Look(sourceImages);
        var (targetBrightness, targetSaturation) = Look(targetImages);
        targetBrightness.Should().BeLessThan(sourceBrightness * 0.9, "dusk and gamma darken the target");
        targetSaturation.Should().BeLessThan(sourceSaturation * 0.9, "fog and desaturation wash colours out");

        var sourceShare = ClassShares(sourceTruth);
        var targetShare = ClassShares(targetTruth);
        // Sky (10) shrinks with the higher horizon; people and riders (11, 12) and trucks (14) are more frequent.
        targetShare[10].Should().BeLessThan(sourceShare[10]);
        (targetShare[11] + targetShare[12]).Should().BeGreaterThan(sourceShare[11] + sourceShare[12]);
        targetShare[14].Should().BeGreaterThan(sourceShare[14]);
    }

    [Fact]
    public async Task Different_streams_of_one_seed_give_disjoint_target_sets()
    {
        using var train = new TempDirectory("synth");
        using var val = new TempDirectory("synth");
        var (trainImages, _, _) = await RunAsync(train.Path, s_small with { Domain = SyntheticDomain.Target, Stream = 1 });
        var (valImages, _, _) = await RunAsync(val.Path, s_small with { Domain = SyntheticDomain.Target, Stream = 2 });

        var trainHashes = trainImages.Items.Select(i => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(trainImages.ImagePath(i))))).ToHashSet();
        valImages.Items.Select(i => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(valImages.ImagePath(i)))))
            .Should().NotIntersectWith(trainHashes);
    }

    private static (double Brightness, double Saturation) Look(ImageSet images)
    {
        double brightness = 0, saturation = 0;
        long pixels = 0;
        foreach (var item in images.Items)
        {
            var image = RgbImageIO.Read(images.ImagePath(item));
            var data = image.Data;
            for (var i = 0; i < data.Length; i += 3)
            {
                var max = Math.Max(data[i], Math.Max(data[i + 1], data[i + 2]));
                var min = Math.Min(data[i], Math.Min(data[i + 1], data[i + 2]));
                brightness += max;
                saturation += max - min;
                pixels++;
            }
        }

        return (brightness / pixels, saturation / pixels);
    }

    private static double[] ClassShares(LabelSet truth)
    {
        var counts = new double[256];
        double total = 0;
        foreach (var item in truth.Items)
        {
            foreach (var value in LabelMapIO.Read(truth.LabelPath(item)).Data)
            {
                counts[value]++;
                total++;
            }
        }

        return counts.Select(c => c / total).ToArray();
    }

    private static async Task<(ImageSet Images, LabelSet Labels, LabelSet GroundTruth)> RunAsync(string directory, SyntheticSourceOptions options)
    {
        var outputs = await new SyntheticSourceStage().RunAsync(StageHarness.Context(directory), options, StageInputs.Empty, CancellationToken.None);
        return ((ImageSet)outputs.Artifacts["images"], (LabelSet)outputs.Artifacts["labels"], (LabelSet)outputs.Artifacts["groundTruth"]);
    }
}
