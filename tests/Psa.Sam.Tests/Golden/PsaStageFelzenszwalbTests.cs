using SeCo.Plugins.Psa.Stages;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Stages;
using SeCo.Testing;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;

namespace Psa.Sam.Tests.Golden;

/// <summary>The weight-free <c>psa.sam</c> (<c>proposer: "felzenszwalb"</c>) and the stage's input handling, on the golden PSA inputs.</summary>
public sealed class PsaStageFelzenszwalbTests
{
    private static readonly PsaOptions s_felzenszwalb = new() { Proposer = PsaProposer.Felzenszwalb, Variant = "felzenszwalb" };

    [Fact]
    public async Task Felzenszwalb_proposer_aggregates_without_a_checkpoint()
    {
        using var output = new TempDirectory();

        var outputs = await PsaStageRun.RunAsync(output.Path, s_felzenszwalb, "synthcity", new RecordingProgress());

        var labels = (LabelSet)outputs.Artifacts["labels"];
        labels.Items.Select(i => i.Label).Should().Equal(
            "psd_label_sam_felzenszwalb/train/synth_000.png", "psd_label_sam_felzenszwalb/train/synth_001.png", "psd_label_sam_felzenszwalb/train/synth_002.png");
        foreach (var item in labels.Items)
        {
            var map = LabelMapIO.Read(labels.LabelPath(item));
            map.Width.Should().Be(512);
            map.Height.Should().Be(256);
            map.Data.Count(v => v != LabelMap.Ignore).Should().BeGreaterThan(map.Data.Length / 2, "segments cover the image, so most pixels get a class");
        }
    }

    [Fact]
    public async Task Image_of_another_size_is_resized_bicubically_to_the_label()
    {
        using var data = new TempDirectory();
        var root = GoldenData.PathOf("psa", "data");
        var label = Path.Combine("psd_label", "train", "synth_000.png");
        Directory.CreateDirectory(Path.Combine(data.Path, "psd_label", "train"));
        File.Copy(Path.Combine(root, label), Path.Combine(data.Path, label));
        var original = RgbImageIO.Read(Path.Combine(root, "leftImg8bit", "train", "synth_000_leftImg8bit.png"));
        var large = PillowResample.Resize(original, 700, 300, PillowFilter.Bicubic);
        RgbImageIO.Write(Path.Combine(data.Path, "large.png"), large);
        RgbImageIO.Write(Path.Combine(data.Path, "resized.png"), PillowResample.Resize(large, 512, 256, PillowFilter.Bicubic));
        var labels = new LabelSet(data.Path, [new LabelItem("synth_000", label)]);
        using var fromLarge = new TempDirectory();
        using var fromResized = new TempDirectory();

        await PsaStageRun.RunAsync(fromLarge.Path, s_felzenszwalb, new ImageSet(data.Path, [new ImageItem("synth_000", "large.png")]), labels,
            new RecordingProgress(), BadItemPolicy.Fail);
        await PsaStageRun.RunAsync(fromResized.Path, s_felzenszwalb, new ImageSet(data.Path, [new ImageItem("synth_000", "resized.png")]), labels,
            new RecordingProgress(), BadItemPolicy.Fail);

        var output = Path.Combine("psd_label_sam_felzenszwalb", "train", "synth_000.png");
        var result = LabelMapIO.Read(Path.Combine(fromLarge.Path, output));
        result.Width.Should().Be(512);
        result.Height.Should().Be(256);
        result.Data.Should().Equal(LabelMapIO.Read(Path.Combine(fromResized.Path, output)).Data);
    }

    [Fact]
    public async Task Skipped_bad_image_is_not_in_the_list_file()
    {
        using var data = new TempDirectory();
        var root = GoldenData.PathOf("psa", "data");
        foreach (var name in new[] { "synth_000", "synth_001" })
        {
            Directory.CreateDirectory(Path.Combine(data.Path, "psd_label", "train"));
            File.Copy(Path.Combine(root, "psd_label", "train", name + ".png"), Path.Combine(data.Path, "psd_label", "train", name + ".png"));
        }

        File.Copy(Path.Combine(root, "leftImg8bit", "train", "synth_000_leftImg8bit.png"), Path.Combine(data.Path, "good.png"));
        File.WriteAllText(Path.Combine(data.Path, "broken.png"), "not a png");
        var images = new ImageSet(data.Path, [new ImageItem("synth_000", "good.png"), new ImageItem("synth_001", "broken.png")]);
        var labels = new LabelSet(data.Path, [new LabelItem("synth_000", "psd_label/train/synth_000.png"), new LabelItem("synth_001", "psd_label/train/synth_001.png")]);
        using var output = new TempDirectory();

        var outputs = await PsaStageRun.RunAsync(output.Path, s_felzenszwalb, images, labels, new RecordingProgress(), BadItemPolicy.Skip);

        ((LabelSet)outputs.Artifacts["labels"]).Items.Select(i => i.Id).Should().Equal("synth_000");
        File.ReadAllLines(Path.Combine(output.Path, PsaStage.ListFileName)).Should().Equal("good.png psd_label_sam_felzenszwalb/train/synth_000.png");
    }
}
