using System.Text.Json;
using SeCo.Plugins.Sources.Proda;
using SeCo.Plugins.Sources.Proda.Thresholds;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Sdk.Stages;
using SeCo.Testing;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;

namespace Sources.Proda.Tests;

public sealed class ProdaSourceStageTests
{
    private static readonly ProdaSourceOptions s_tiny = new()
    {
        AllowRandomWeights = true,
        Width = 8,
        InputWidth = 64,
        InputHeight = 32,
        BatchSize = 2,
        SaveConfidence = true,
    };

    [Fact]
    public async Task Tiny_random_model_labels_synthetic_images_and_writes_thresholds()
    {
        using var directory = new TempDirectory();
        var images = SyntheticImages(directory.Path, 3);
        var context = TestStage.Context(directory.Path);

        var outputs = await new ProdaSourceStage().RunAsync(context, s_tiny, Inputs(images), CancellationToken.None);

        var labels = (LabelSet)outputs.Artifacts["labels"];
        labels.Items.Select(i => i.Id).Should().Equal(images.Items.Select(i => i.Id));
        for (var index = 0; index < labels.Items.Count; index++)
        {
            var item = labels.Items[index];
            var map = LabelMapIO.Read(labels.LabelPath(item), out var palette);
            palette.Should().NotBeNull();
            (map.Width, map.Height).Should().Be(index == 2 ? (50, 30) : (80, 40), "labels have the image's own size");
            map.Data.Should().OnlyContain(v => v < 19 || v == LabelMap.Ignore);
            map.Data.Should().Contain(v => v < 19, "at least the most confident pixels of the predicted classes are kept");
            File.Exists(Path.Combine(context.OutputDirectory, "confidence", item.Id + "_conf.npy")).Should().BeTrue();
        }

        using var thresholds = JsonDocument.Parse(File.ReadAllText(Path.Combine(context.OutputDirectory, ProdaSourceStage.ThresholdsFileName)));
        var classes = thresholds.RootElement.GetProperty("classes").EnumerateArray().ToArray();
        classes.Should().HaveCount(19);
        classes.Sum(c => c.GetProperty("predictedPixels").GetInt64()).Should().Be(2 * 80 * 40 + 50 * 30);
        classes.Should().OnlyContain(c => c.GetProperty("threshold").GetSingle() > 0 && c.GetProperty("threshold").GetSingle() <= 1);
        thresholds.RootElement.GetProperty("mode").GetString().Should().Be(nameof(ThresholdMode.ClassBalanced));
    }

    [Fact]
    public async Task A_rerun_keeps_finished_labels_and_completes_missing_ones()
    {
        using var directory = new TempDirectory();
        var images = SyntheticImages(directory.Path, 2);
        var context = TestStage.Context(directory.Path);
        var options = s_tiny with { SaveConfidence = false, BatchSize = 1 };
        var first = (LabelSet)(await new ProdaSourceStage().RunAsync(context, options, Inputs(images), CancellationToken.None)).Artifacts["labels"];
        var kept = first.LabelPath(first.Items[0]);
        var removed = first.LabelPath(first.Items[1]);
        var keptTime = File.GetLastWriteTimeUtc(kept);
        var expected = File.ReadAllBytes(removed);
        File.Delete(removed);

        await new ProdaSourceStage().RunAsync(context, options, Inputs(images), CancellationToken.None);

        File.GetLastWriteTimeUtc(kept).Should().Be(keptTime);
        File.ReadAllBytes(removed).Should().Equal(expected, "the seeded model and the saved thresholds reproduce the label");
    }

    [Fact]
    public async Task A_missing_checkpoint_without_random_weights_allowed_says_where_checkpoints_come_from()
    {
        using var directory = new TempDirectory();
        var images = SyntheticImages(directory.Path, 1);
        var act = () => new ProdaSourceStage().RunAsync(TestStage.Context(directory.Path), s_tiny with { AllowRandomWeights = false },
            Inputs(images), CancellationToken.None);
        (await act.Should().ThrowAsync<SeCoInputException>()).Which.Message.Should().Contain("microsoft/ProDA");
    }

    [Fact]
    public async Task A_checkpoint_written_by_name_loads_and_reproduces_the_random_model()
    {
        using var directory = new TempDirectory();
        var images = SyntheticImages(directory.Path, 1);
        using (var model = new SeCo.Plugins.Sources.Proda.Modeling.ProdaDeepLabV2(19, 8))
        {
            ProdaModelFactory.RandomInitialise(model, 0);
            var state = model.state_dict().ToDictionary(p => "module." + p.Key, p => p.Value);
            SeCo.Vision.Checkpoints.Pth.Save(directory.File("proda.pth"), state);
        }

        var random = (LabelSet)(await new ProdaSourceStage().RunAsync(TestStage.Context(directory.File("a")), s_tiny, Inputs(images), CancellationToken.None))
            .Artifacts["labels"];
        var loaded = (LabelSet)(await new ProdaSourceStage().RunAsync(TestStage.Context(directory.File("b")),
            s_tiny with { AllowRandomWeights = false, Checkpoint = directory.File("proda.pth") }, Inputs(images), CancellationToken.None))
            .Artifacts["labels"];

        File.ReadAllBytes(loaded.LabelPath(loaded.Items[0])).Should().Equal(File.ReadAllBytes(random.LabelPath(random.Items[0])));
    }

    private static StageInputs Inputs(ImageSet images) =>
        new(new Dictionary<string, Artifact> { ["images"] = images });

    private static ImageSet SyntheticImages(string root, int count)
    {
        var items = new List<ImageItem>();
        for (var n = 0; n < count; n++)
        {
            var (width, height) = n == 2 ? (50, 30) : (80, 40);
            var image = new RgbImage(width, height);
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    // Sky above, road below, a coloured block in between: enough structure for varied predictions.
                    image[x, y] = y < height / 3 ? ((byte)70, (byte)130, (byte)(180 + n * 20))
                        : x > width / 2 && y < 2 * height / 3 ? ((byte)(220 - 30 * n), (byte)20, (byte)60)
                        : ((byte)(128 + (x * 7 + y * 3) % 40), (byte)64, (byte)128);
                }
            }

            var relative = $"leftImg8bit/city/img{n}_leftImg8bit.png";
            RgbImageIO.Write(Path.Combine(root, relative), image);
            items.Add(new ImageItem($"city/img{n}", relative));
        }

        return new ImageSet(root, items) { Taxonomy = "cityscapes19" };
    }
}
