using SeCo.Plugins.Psa.Stages;
using SeCo.Sdk.Artifacts;
using SeCo.Testing;
using SeCo.Vision.LabelMaps;

namespace Psa.Sam.Tests.Golden;

/// <summary>The <c>psa.sam</c> stage end to end with the golden tiny SAMs against the reference outputs.</summary>
public sealed class PsaStageGoldenTests
{
    /// <summary>README: <c>tiny_rand_lowthr</c> final label maps agree on at least 99.5% of pixels.</summary>
    private const double TinyRandLowThrMinAgreement = 0.995;

    private static PsaOptions TinyOptions(string checkpointFolder, string checkpointFile, string samType) => new()
    {
        Checkpoint = Path.Combine("sam", checkpointFolder, checkpointFile),
        Variant = samType,
        VariantConfig = Path.Combine("sam", "tiny", "config.json"),
    };

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Tiny_detfill_sam_run_reproduces_the_reference_outputs_exactly()
    {
        using var output = new TempDirectory();
        var progress = new RecordingProgress();

        var outputs = await PsaStageRun.RunAsync(output.Path, TinyOptions("tiny", "tiny_sam.pth", "tiny"), "synthcity", progress);

        var labels = (LabelSet)outputs.Artifacts["labels"];
        labels.Items.Should().HaveCount(3);
        foreach (var item in labels.Items)
        {
            var expected = LabelMapIO.Read(GoldenData.PathOf(["psa", "data", .. item.Label.Split('/')]));
            LabelMapIO.Read(labels.LabelPath(item), out var palette).Data.Should().Equal(expected.Data, item.Id);
            palette!.Bytes.ToArray().Should().Equal(Palette.SeCoCityscapes.Bytes.ToArray());
        }

        File.ReadAllText(Path.Combine(output.Path, labels.ListFile!))
            .Should().Be(File.ReadAllText(GoldenData.PathOf("psa", "splits", "synthcity_sam_tiny", "labeled.txt")));
        progress.Reports.Should().Equal((1L, 3L), (2L, 3L), (3L, 3L));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Tiny_rand_lowthr_run_agrees_with_the_reference_within_the_readme_tolerance()
    {
        using var output = new TempDirectory();
        var options = TinyOptions("tiny_rand", "tiny_rand_sam.safetensors", "tiny_rand_lowthr") with
        {
            MaskGenerator = new PsaMaskGeneratorOptions
            {
                PointsPerSide = 16, PredIouThresh = 0.03, StabilityScoreThresh = 0.1, StabilityScoreOffset = 0.02,
            },
        };

        var outputs = await PsaStageRun.RunAsync(output.Path, options, "synthcity", new RecordingProgress());

        var labels = (LabelSet)outputs.Artifacts["labels"];
        labels.Items.Should().HaveCount(3);
        foreach (var item in labels.Items)
        {
            var expected = LabelMapIO.Read(GoldenData.PathOf(["psa", "data", .. item.Label.Split('/')])).Data;
            var actual = LabelMapIO.Read(labels.LabelPath(item)).Data;
            var same = 0;
            for (var i = 0; i < expected.Length; i++)
            {
                same += actual[i] == expected[i] ? 1 : 0;
            }

            ((double)same / expected.Length).Should().BeGreaterThanOrEqualTo(TinyRandLowThrMinAgreement, item.Id);
        }

        File.ReadAllText(Path.Combine(output.Path, labels.ListFile!))
            .Should().Be(File.ReadAllText(GoldenData.PathOf("psa", "splits", "synthcity_sam_tiny_rand_lowthr", "labeled.txt")));
    }
}
