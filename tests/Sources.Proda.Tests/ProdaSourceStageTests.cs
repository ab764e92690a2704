using System.Text.Json;
using SeCo.Plugins.Sources.Proda;
using SeCo.Plugins.Sources.Proda.Modeling;
using SeCo.Plugins.Sources.Proda.Preprocessing;
using SeCo.Vision.Thresholds;
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
    public async Task The_network_runs_once_per_image_and_labels_match_predicting_in_each_pass()
    {
        using var directory = new TempDirectory();
        var images = SyntheticImages(directory.Path, 3);
        var logger = new RecordingLogger();
        var context = TestStage.Context(directory.Path, logger: logger);
        var options = s_tiny with { BatchSize = 1 }; // batched convolutions may round differently from single-image ones

        var labels = (LabelSet)(await new ProdaSourceStage().RunAsync(context, options, Inputs(images), CancellationToken.None)).Artifacts["labels"];

        logger.Messages.Should().Contain(m => m.Message == "The network ran on 3 of 3 images");
        Directory.Exists(Path.Combine(context.OutputDirectory, "predictions")).Should().BeFalse("kept predictions are removed once labelled");

        // Labelling from the kept 1/8-resolution softmax is bit-identical to predicting the image again.
        using var model = ProdaModelFactory.Create(options, 19, null, context.Seed);
        var predictor = new ProdaPredictor(model);
        var labeler = new PseudoLabeler(ThresholdsFile.Read(Path.Combine(context.OutputDirectory, ProdaSourceStage.ThresholdsFileName)));
        foreach (var item in labels.Items)
        {
            using var scope = TorchSharp.torch.NewDisposeScope();
            var image = RgbImageIO.Read(images.ImagePath(images.Items.Single(i => i.Id == item.Id)));
            var input = ProdaImagePreprocessor.ToTensor(image, s_tiny.InputWidth, s_tiny.InputHeight).unsqueeze(0);
            var probabilities = predictor.Probabilities(input, flip: true, [(image.Height, image.Width)])[0].data<float>().ToArray();
            var expected = new byte[image.Width * image.Height];
            labeler.Assign(probabilities, expected, new float[expected.Length]);
            LabelMapIO.Read(labels.LabelPath(item), out _).Data.ToArray().Should().Equal(expected);
        }
    }

    [Fact]
    public async Task Shards_keep_their_images_predictions_and_the_whole_run_labels_them_like_one_process()
    {
        using var directory = new TempDirectory();
        var images = SyntheticImages(directory.Path, 4);
        var options = s_tiny with { SaveConfidence = false, BatchSize = 1 };
        var single = TestStage.Context(directory.Path, stageId: "single");
        await new ProdaSourceStage().RunAsync(single, options, Inputs(images), CancellationToken.None);

        var shardLoggers = new List<RecordingLogger>();
        for (var shard = 0; shard < 2; shard++)
        {
            var logger = new RecordingLogger();
            shardLoggers.Add(logger);
            var context = TestStage.Context(directory.Path, stageId: "sharded", logger: logger, shard: new ShardSpec(shard, 2));
            await new ProdaSourceStage().RunAsync(context, options, Inputs(images), CancellationToken.None);
        }

        var sharded = TestStage.Context(directory.Path, stageId: "sharded", logger: new RecordingLogger());
        Directory.GetFiles(Path.Combine(sharded.OutputDirectory, "predictions"), "*.pred", SearchOption.AllDirectories).Should().HaveCount(4, "each shard keeps its images' predictions");
        File.Exists(Path.Combine(sharded.OutputDirectory, ProdaSourceStage.ThresholdsFileName)).Should().BeFalse("thresholds need every image");
        shardLoggers.Sum(l => l.Messages.Count(m => m.Message.StartsWith("Shard ", StringComparison.Ordinal))).Should().Be(2);

        await new ProdaSourceStage().RunAsync(sharded, options, Inputs(images), CancellationToken.None);

        ((RecordingLogger)sharded.Logger).Messages.Should().Contain(m => m.Message == "The network ran on 0 of 4 images");
        foreach (var file in Directory.GetFiles(single.OutputDirectory, "*", SearchOption.AllDirectories))
        {
            var twin = Path.Combine(sharded.OutputDirectory, Path.GetRelativePath(single.OutputDirectory, file));
            File.ReadAllBytes(twin).Should().Equal(File.ReadAllBytes(file), Path.GetFileName(file));
        }
    }

    [Fact]
    public async Task A_killed_confidence_pass_resumes_from_kept_predictions_with_identical_thresholds()
    {
        using var directory = new TempDirectory();
        var images = SyntheticImages(directory.Path, 3);
        var uninterrupted = TestStage.Context(directory.File("uninterrupted"));
        await new ProdaSourceStage().RunAsync(uninterrupted, s_tiny, Inputs(images), CancellationToken.None);

        using var kill = new CancellationTokenSource();
        var logger = new RecordingLogger();
        var resumedContext = TestStage.Context(directory.File("resumed"), logger: logger);
        var killedContext = new StageContext
        {
            StageId = resumedContext.StageId,
            OutputDirectory = resumedContext.OutputDirectory,
            PipelineDirectory = resumedContext.PipelineDirectory,
            Logger = resumedContext.Logger,
            Progress = new CancellingProgress(kill, "thresholds"),
            Seed = resumedContext.Seed,
            Tensors = resumedContext.Tensors,
            Services = resumedContext.Services,
        };
        var act = () => new ProdaSourceStage().RunAsync(killedContext, s_tiny, Inputs(images), kill.Token);
        await act.Should().ThrowAsync<OperationCanceledException>();
        File.Exists(Path.Combine(resumedContext.OutputDirectory, ProdaSourceStage.ThresholdsFileName)).Should().BeFalse();

        await new ProdaSourceStage().RunAsync(resumedContext, s_tiny, Inputs(images), CancellationToken.None);

        logger.Messages.Should().Contain(m => m.Message == "The network ran on 1 of 3 images", "the first batch of two was kept");
        File.ReadAllText(Path.Combine(resumedContext.OutputDirectory, ProdaSourceStage.ThresholdsFileName))
            .Should().Be(File.ReadAllText(Path.Combine(uninterrupted.OutputDirectory, ProdaSourceStage.ThresholdsFileName)));
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

    /// <summary>Cancels the run at the first progress report of a phase, as a kill after the first batch would stop it.</summary>
    private sealed class CancellingProgress(CancellationTokenSource source, string phase) : IStageProgress
    {
        public void Report(long done, long total, string? reportedPhase = null)
        {
            if (reportedPhase == phase)
            {
                source.Cancel();
            }
        }
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
