using System.ComponentModel.DataAnnotations;
using SeCo.Plugins.Sources.Synthetic;
using SeCo.Sdk.IO;
using SeCo.Testing;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;

namespace Sources.Synthetic.Tests;

public sealed class SyntheticSourceStageTests
{
    private static readonly SyntheticSourceOptions s_small = new() { Count = 4, Width = 256, Height = 128 };

    [Fact]
    public async Task Same_seed_gives_identical_files()
    {
        using var first = new TempDirectory("synth");
        using var second = new TempDirectory("synth");
        await StageHarness.RunAsync(first.Path, s_small with { Seed = 11 });
        await StageHarness.RunAsync(second.Path, s_small with { Seed = 11 });

        AllFiles(first.Path).Should().Equal(AllFiles(second.Path));
        foreach (var file in AllFiles(first.Path))
        {
            File.ReadAllBytes(Path.Combine(first.Path, file)).Should().Equal(File.ReadAllBytes(Path.Combine(second.Path, file)), file);
        }
    }

    [Fact]
    public async Task Output_does_not_depend_on_the_number_of_threads()
    {
        using var serial = new TempDirectory("synth");
        using var parallel = new TempDirectory("synth");
        await StageHarness.RunAsync(serial.Path, s_small with { MaxDegreeOfParallelism = 1 });
        await StageHarness.RunAsync(parallel.Path, s_small with { MaxDegreeOfParallelism = 4 });

        foreach (var file in AllFiles(serial.Path))
        {
            File.ReadAllBytes(Path.Combine(serial.Path, file)).Should().Equal(File.ReadAllBytes(Path.Combine(parallel.Path, file)), file);
        }
    }

    [Fact]
    public async Task Different_seeds_give_different_scenes_and_the_pipeline_seed_is_the_default()
    {
        using var one = new TempDirectory("synth");
        using var two = new TempDirectory("synth");
        using var fromContext = new TempDirectory("synth");
        var (images, _) = await StageHarness.RunAsync(one.Path, s_small with { Count = 2, Seed = 1 });
        await StageHarness.RunAsync(two.Path, s_small with { Count = 2, Seed = 2 });
        await StageHarness.RunAsync(fromContext.Path, s_small with { Count = 2 }, seed: 1);

        foreach (var item in images.Items)
        {
            var a = File.ReadAllBytes(Path.Combine(one.Path, item.Image));
            File.ReadAllBytes(Path.Combine(two.Path, item.Image)).Should().NotEqual(a);
            File.ReadAllBytes(Path.Combine(fromContext.Path, item.Image)).Should().Equal(a);
        }

        File.ReadAllBytes(Path.Combine(one.Path, images.Items[0].Image))
            .Should().NotEqual(File.ReadAllBytes(Path.Combine(one.Path, images.Items[1].Image)), "every image is a different scene");
    }

    [Fact]
    public async Task Count_width_and_height_options_shape_the_outputs()
    {
        using var dir = new TempDirectory("synth");
        var (images, labels) = await StageHarness.RunAsync(dir.Path, new SyntheticSourceOptions { Count = 3, Width = 200, Height = 96 });

        images.Items.Should().HaveCount(3);
        labels.Items.Should().HaveCount(3);
        foreach (var item in images.Items)
        {
            RgbImageIO.ReadSize(images.ImagePath(item)).Should().Be((200, 96));
            var truth = LabelMapIO.Read(images.GroundTruthPath(item)!);
            (truth.Width, truth.Height).Should().Be((200, 96));
            var pseudo = LabelMapIO.Read(labels.LabelPath(labels.Find(item.Id)!));
            (pseudo.Width, pseudo.Height).Should().Be((200, 96));
        }
    }

    [Fact]
    public async Task Outputs_are_valid_artifacts_in_the_SeCo_reference_layout()
    {
        using var dir = new TempDirectory("synth");
        var (images, labels) = await StageHarness.RunAsync(dir.Path, s_small);

        images.Root.Should().Be(dir.Path);
        labels.Root.Should().Be(dir.Path);
        images.Taxonomy.Should().Be("cityscapes19");
        labels.Taxonomy.Should().Be("cityscapes19");
        images.HasGroundTruth.Should().BeTrue();
        images.Items.Select(i => i.Id).Should().OnlyHaveUniqueItems().And.Equal(labels.Items.Select(l => l.Id));

        var lines = File.ReadAllLines(Path.Combine(labels.Root, labels.ListFile!));
        lines.Should().HaveCount(images.Items.Count);
        for (var i = 0; i < lines.Length; i++)
        {
            var item = images.Items[i];
            item.Image.Should().Be($"leftImg8bit/train/{item.Id}_leftImg8bit.png");
            item.GroundTruth.Should().Be($"gtFine/train/{item.Id}_gtFine_labelTrainIds.png");
            labels.Items[i].Label.Should().Be($"psd_label/train/{item.Id}.png");
            lines[i].Should().Be($"{item.Image} {labels.Items[i].Label}");

            File.Exists(images.ImagePath(item)).Should().BeTrue();
            foreach (var path in new[] { images.GroundTruthPath(item)!, labels.LabelPath(labels.Items[i]) })
            {
                var map = LabelMapIO.Read(path, out var palette);
                palette.Should().NotBeNull("label maps are palette PNGs");
                palette!.Bytes.ToArray().Should().Equal(Palette.SeCoCityscapes.Bytes.ToArray());
                map.Data.Should().OnlyContain(v => v < 19 || v == 255);
            }
        }

        Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories)
            .Should().NotContain(f => f.Contains(AtomicFile.TempMarker), "no temporary file survives a finished run");
    }

    [Fact]
    public async Task Existing_samples_are_not_rewritten_on_resume()
    {
        using var dir = new TempDirectory("synth");
        var (images, labels) = await StageHarness.RunAsync(dir.Path, s_small);
        var kept = SampleFiles(images, labels, 1);
        var old = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (var file in kept)
        {
            File.SetLastWriteTimeUtc(file, old);
        }

        // A run killed after writing two of sample 2's files: the sample is generated again.
        var interrupted = SampleFiles(images, labels, 2);
        var expected = File.ReadAllBytes(interrupted[2]);
        File.Delete(interrupted[2]);
        File.WriteAllText(interrupted[2] + AtomicFile.TempMarker + "123-abc.png", "half-written");

        var progress = new RecordingProgress();
        await StageHarness.RunAsync(dir.Path, s_small, progress);

        foreach (var file in kept)
        {
            File.GetLastWriteTimeUtc(file).Should().Be(old, $"{file} existed and must not be rewritten");
        }

        File.ReadAllBytes(interrupted[2]).Should().Equal(expected);
        progress.Reports.Last().Should().Be((4L, 4L));
    }

    [Fact]
    public async Task Progress_counts_every_image_up_to_the_total()
    {
        using var dir = new TempDirectory("synth");
        var progress = new RecordingProgress();
        await StageHarness.RunAsync(dir.Path, s_small with { Count = 5 }, progress);

        var reports = progress.Reports.ToArray();
        reports.Should().HaveCount(6);
        reports.Should().OnlyContain(r => r.Total == 5);
        reports.Select(r => r.Done).Should().Equal(0, 1, 2, 3, 4, 5);
    }

    [Fact]
    public async Task Cancellation_stops_between_images()
    {
        using var dir = new TempDirectory("synth");
        using var cancellation = new CancellationTokenSource();
        var progress = new RecordingProgress((done, _) =>
        {
            if (done >= 2)
            {
                cancellation.Cancel();
            }
        });
        var options = s_small with { Count = 40, MaxDegreeOfParallelism = 1 };

        var run = () => StageHarness.RunAsync(dir.Path, options, progress, cancellationToken: cancellation.Token);

        await run.Should().ThrowAsync<OperationCanceledException>();
        var written = Directory.EnumerateFiles(Path.Combine(dir.Path, "psd_label", "train")).ToList();
        written.Should().HaveCount(2, "the image in progress finishes and no further image starts");
        written.Should().NotContain(f => f.Contains(AtomicFile.TempMarker));
        File.Exists(Path.Combine(dir.Path, "list.txt")).Should().BeFalse("a cancelled run does not describe itself as complete");
    }

    [Fact]
    public void Options_have_the_documented_defaults_and_reject_out_of_range_values()
    {
        var defaults = new SyntheticSourceOptions();
        (defaults.Count, defaults.Width, defaults.Height, defaults.Seed).Should().Be((24, 512, 256, (int?)null));
        IsValid(defaults).Should().BeTrue();
        IsValid(defaults with { Width = 8 }).Should().BeFalse();
        IsValid(defaults with { Count = 0 }).Should().BeFalse();
        IsValid(defaults with { SpeckleRate = 1.5 }).Should().BeFalse();
        IsValid(defaults with { InstanceConfusion = -0.1 }).Should().BeFalse();
        IsValid(defaults with { MaxDegreeOfParallelism = 0 }).Should().BeFalse();
    }

    private static bool IsValid(SyntheticSourceOptions options) =>
        Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true);

    private static string[] SampleFiles(SeCo.Sdk.Artifacts.ImageSet images, SeCo.Sdk.Artifacts.LabelSet labels, int index)
    {
        var item = images.Items[index];
        return [images.ImagePath(item), images.GroundTruthPath(item)!, labels.LabelPath(labels.Items[index])];
    }

    private static List<string> AllFiles(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            .Order(StringComparer.Ordinal)
            .ToList();
}
