using Company.Sources.MyModel.Tests.Golden;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Sdk.Stages;
using SeCo.Vision.Checkpoints;
using SeCo.Vision.LabelMaps;

namespace Company.Sources.MyModel.Tests;

public sealed class ModelSourceStageTests
{
    private static readonly string s_goldenCheckpoint = Path.Combine(AppContext.BaseDirectory, "Golden", "data", "model.safetensors");

    private static StageInputs Inputs(ImageSet images) => new(new Dictionary<string, Artifact> { ["images"] = images });

    /// <summary>Two copies of the golden image under a temporary root.</summary>
    private static ImageSet TwoImages(TempDirectory temp)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Golden", "data", "image.png");
        Directory.CreateDirectory(temp.File("data", "city"));
        File.Copy(source, temp.File("data", "city", "a.png"));
        File.Copy(source, temp.File("data", "city", "b.png"));
        return new ImageSet(temp.File("data"), [new ImageItem("city/a", "city/a.png"), new ImageItem("city/b", "city/b.png")]);
    }

    [Fact]
    public async Task Every_image_gets_a_label_map_of_its_size_named_after_its_id()
    {
        using var temp = new TempDirectory();
        var progress = new RecordingProgress();
        var context = TestStage.Context(temp.Path, progress: progress);

        var outputs = await new ModelSourceStage().RunAsync(context, GoldenLabelsTests.GoldenOptions(s_goldenCheckpoint), Inputs(TwoImages(temp)), CancellationToken.None);

        var labels = (LabelSet)outputs.Artifacts["labels"];
        labels.Items.Select(i => i.Label).Should().Equal("labels/city/a.png", "labels/city/b.png");
        foreach (var item in labels.Items)
        {
            var map = LabelMapIO.Read(labels.LabelPath(item));
            (map.Width, map.Height).Should().Be((16, 12));
            map.Data.Should().OnlyContain(v => v < 3 || v == LabelMap.Ignore);
        }

        (progress.Done, progress.Total).Should().Be((2, 2));
    }

    [Fact]
    public async Task A_pth_checkpoint_gives_the_same_labels_as_the_safetensors_one()
    {
        using var temp = new TempDirectory();
        var state = SafeTensors.Load(s_goldenCheckpoint);
        try
        {
            Pth.Save(temp.File("model.pth"), state);
        }
        finally
        {
            foreach (var tensor in state.Values)
            {
                tensor.Dispose();
            }
        }

        var fromPth = await new ModelSourceStage().RunAsync(TestStage.Context(temp.Path, stageId: "pth"),
            GoldenLabelsTests.GoldenOptions("model.pth"), Inputs(GoldenLabelsTests.GoldenImages()), CancellationToken.None);

        var labels = (LabelSet)fromPth.Artifacts["labels"];
        var expected = LabelMapIO.Read(Path.Combine(AppContext.BaseDirectory, "Golden", "data", "labels.png"));
        LabelMapIO.Read(labels.LabelPath(labels.Items[0])).Data.Should().Equal(expected.Data);
    }

    [Fact]
    public async Task A_missing_checkpoint_is_reported_against_its_option()
    {
        using var temp = new TempDirectory();
        var context = TestStage.Context(temp.Path);

        var run = () => new ModelSourceStage().RunAsync(context, GoldenLabelsTests.GoldenOptions("missing.pth"), Inputs(TwoImages(temp)), CancellationToken.None);

        var error = (await run.Should().ThrowAsync<SeCoInputException>()).Which;
        error.Location.JsonPath.Should().Be("with.checkpoint");
        error.Location.File.Should().Be(temp.File("missing.pth"));
    }

    [Fact]
    public async Task A_checkpoint_for_another_number_of_classes_is_refused_naming_the_keys()
    {
        using var temp = new TempDirectory();
        var context = TestStage.Context(temp.Path);
        var options = GoldenLabelsTests.GoldenOptions(s_goldenCheckpoint) with { Classes = 5 };

        var run = () => new ModelSourceStage().RunAsync(context, options, Inputs(TwoImages(temp)), CancellationToken.None);

        (await run.Should().ThrowAsync<SeCoInputException>()).Which.Message.Should().Contain("classifier.weight");
    }

    [Fact]
    public async Task A_second_run_keeps_finished_label_maps_and_redoes_only_missing_ones()
    {
        using var temp = new TempDirectory();
        var images = TwoImages(temp);
        var context = TestStage.Context(temp.Path);
        var options = GoldenLabelsTests.GoldenOptions(s_goldenCheckpoint);
        var first = (LabelSet)(await new ModelSourceStage().RunAsync(context, options, Inputs(images), CancellationToken.None)).Artifacts["labels"];
        var kept = first.LabelPath(first.Items[0]);
        var redone = first.LabelPath(first.Items[1]);
        var keptTime = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(kept, keptTime);
        var expected = File.ReadAllBytes(redone);
        File.Delete(redone);

        await new ModelSourceStage().RunAsync(context, options, Inputs(images), CancellationToken.None);

        File.GetLastWriteTimeUtc(kept).Should().Be(keptTime);
        File.ReadAllBytes(redone).Should().Equal(expected);
    }

    [Fact]
    public async Task A_cancelled_run_writes_nothing()
    {
        using var temp = new TempDirectory();
        var context = TestStage.Context(temp.Path);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var run = () => new ModelSourceStage().RunAsync(context, GoldenLabelsTests.GoldenOptions(s_goldenCheckpoint), Inputs(TwoImages(temp)), cancellation.Token);

        await run.Should().ThrowAsync<OperationCanceledException>();
        Directory.Exists(Path.Combine(context.OutputDirectory, ModelSourceStage.LabelFolder)).Should().BeFalse();
    }

    [Fact]
    public async Task An_unreadable_image_is_skipped_when_the_run_skips_bad_items()
    {
        using var temp = new TempDirectory();
        var images = TwoImages(temp);
        await File.WriteAllTextAsync(temp.File("data", "city", "b.png"), "not a png");
        var logger = new RecordingLogger();
        var progress = new RecordingProgress();
        var context = TestStage.Context(temp.Path, progress: progress, logger: logger, onBadItem: BadItemPolicy.Skip);

        var outputs = await new ModelSourceStage().RunAsync(context, GoldenLabelsTests.GoldenOptions(s_goldenCheckpoint), Inputs(images), CancellationToken.None);

        ((LabelSet)outputs.Artifacts["labels"]).Items.Select(i => i.Id).Should().Equal("city/a");
        logger.Messages.Should().Contain(m => m.Level == Microsoft.Extensions.Logging.LogLevel.Warning && m.Message.Contains("city/b", StringComparison.Ordinal));
        (progress.Done, progress.Total).Should().Be((2, 2), "a skipped image still counts as handled");
    }

    [Fact]
    public async Task An_unreadable_image_fails_the_run_by_default_naming_the_file()
    {
        using var temp = new TempDirectory();
        var images = TwoImages(temp);
        await File.WriteAllTextAsync(temp.File("data", "city", "b.png"), "not a png");
        var context = TestStage.Context(temp.Path);

        var run = () => new ModelSourceStage().RunAsync(context, GoldenLabelsTests.GoldenOptions(s_goldenCheckpoint), Inputs(images), CancellationToken.None);

        (await run.Should().ThrowAsync<SeCoInputException>()).Which.Location.File.Should().Be(temp.File("data", "city", "b.png"));
    }

    [Fact]
    public void Replacing_the_checkpoint_changes_the_external_fingerprint()
    {
        using var temp = new TempDirectory();
        File.Copy(s_goldenCheckpoint, temp.File("model.safetensors"));
        var options = GoldenLabelsTests.GoldenOptions("model.safetensors");
        var stage = new ModelSourceStage();
        var before = stage.GetExternalFingerprint(options, temp.Path);

        File.SetLastWriteTimeUtc(temp.File("model.safetensors"), new DateTime(2021, 6, 1, 0, 0, 0, DateTimeKind.Utc));

        stage.GetExternalFingerprint(options, temp.Path).Should().NotBe(before);
    }
}
