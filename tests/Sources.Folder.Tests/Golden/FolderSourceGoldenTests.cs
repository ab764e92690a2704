using SeCo.Plugins.Sources.Folder;
using SeCo.Sdk.Stages;
using SeCo.Testing;

namespace Sources.Folder.Tests.Golden;

/// <summary>Imports the golden PSA dataset (psa/data with splits/synthcity/labeled.txt) in place.</summary>
public sealed class FolderSourceGoldenTests
{
    [Fact]
    public async Task Golden_psa_split_is_imported_in_place_with_derived_ground_truth()
    {
        var psa = GoldenData.PathOf("psa");
        var options = new FolderSourceOptions
        {
            Root = "data",
            List = Path.Combine(psa, "splits", "synthcity", "labeled.txt"),
            GroundTruth = [["leftImg8bit/", "gtFine/"], ["_leftImg8bit.png", "_gtFine_labelTrainIds.png"]],
        };
        var progress = new RecordingProgress();

        var outputs = await new FolderSourceStage().RunAsync(TestStage.Context(psa, progress: progress), options, StageInputs.Empty, CancellationToken.None);

        var images = (SeCo.Sdk.Artifacts.ImageSet)outputs.Artifacts["images"];
        var labels = (SeCo.Sdk.Artifacts.LabelSet)outputs.Artifacts["labels"];
        images.Root.Should().Be(Path.Combine(psa, "data"));
        images.Items.Select(i => i.Id).Should().Equal(
            "leftImg8bit/train/synth_000_leftImg8bit", "leftImg8bit/train/synth_001_leftImg8bit", "leftImg8bit/train/synth_002_leftImg8bit");
        images.HasGroundTruth.Should().BeTrue();
        images.GroundTruthPath(images.Items[1]).Should().Be(Path.Combine(psa, "data", "gtFine", "train", "synth_001_gtFine_labelTrainIds.png"));
        File.Exists(images.ImagePath(images.Items[2])).Should().BeTrue();
        labels.LabelPath(labels.Items[0]).Should().Be(Path.Combine(psa, "data", "psd_label", "train", "synth_000.png"));
        labels.Taxonomy.Should().Be("cityscapes19");
        labels.ListFile.Should().Be(options.List);
        progress.Done.Should().Be(3);
    }

    [Fact]
    public void Golden_fingerprint_is_stable_across_calls()
    {
        var psa = GoldenData.PathOf("psa");
        var options = new FolderSourceOptions { Root = "data", List = Path.Combine(psa, "splits", "synthcity", "labeled.txt") };
        var stage = new FolderSourceStage();

        stage.GetExternalFingerprint(options, psa).Should().Be(stage.GetExternalFingerprint(options, psa));
    }
}
