using SeCo.Plugins.Psa.Stages;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Testing;

namespace Psa.Sam.Tests.Golden;

/// <summary>Resume, cancellation and input checks of the <c>psa.sam</c> stage on the golden inputs.</summary>
public sealed class PsaStageResumeTests
{
    private static readonly PsaOptions s_tiny = new()
    {
        Checkpoint = Path.Combine("sam", "tiny", "tiny_sam.pth"),
        Variant = "tiny",
        VariantConfig = Path.Combine("sam", "tiny", "config.json"),
    };

    [Fact]
    public async Task Images_whose_output_exists_are_skipped_and_still_listed()
    {
        using var output = new TempDirectory();
        var existing = new[] { "synth_000", "synth_001", "synth_002" }
            .Select(id => Path.Combine(output.Path, "psd_label_sam_tiny", "train", id + ".png")).ToList();
        foreach (var path in existing)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "earlier run");
        }

        var outputs = await PsaStageRun.RunAsync(output.Path, s_tiny, "synthcity", new RecordingProgress());

        existing.Should().OnlyContain(path => File.ReadAllText(path) == "earlier run");
        var labels = (LabelSet)outputs.Artifacts["labels"];
        labels.Items.Select(i => i.Label).Should().Equal(
            "psd_label_sam_tiny/train/synth_000.png", "psd_label_sam_tiny/train/synth_001.png", "psd_label_sam_tiny/train/synth_002.png");
        File.ReadAllLines(Path.Combine(output.Path, PsaStage.ListFileName)).Should().HaveCount(3);
    }

    [Fact]
    public async Task Cancelled_run_stops_before_the_next_image_and_writes_nothing()
    {
        using var output = new TempDirectory();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var run = () => PsaStageRun.RunAsync(output.Path, s_tiny, "synthcity", new RecordingProgress(), cancellation.Token);

        await run.Should().ThrowAsync<OperationCanceledException>();
        Directory.EnumerateFiles(output.Path, "*.png", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [Fact]
    public async Task Missing_checkpoint_is_an_input_error_naming_the_file()
    {
        using var output = new TempDirectory();
        var options = s_tiny with { Checkpoint = "sam/tiny/missing.pth" };

        var run = () => PsaStageRun.RunAsync(output.Path, options, "synthcity", new RecordingProgress());

        (await run.Should().ThrowAsync<SeCoInputException>()).Which.Location.File.Should().EndWith("missing.pth");
    }

    [Fact]
    public async Task Stuff_id_outside_the_taxonomy_is_an_input_error()
    {
        using var output = new TempDirectory();
        var options = s_tiny with { StuffIds = [0, 1, 40] };

        var run = () => PsaStageRun.RunAsync(output.Path, options, "synthcity", new RecordingProgress());

        (await run.Should().ThrowAsync<SeCoInputException>()).Which.Message.Should().Contain("40");
    }
}
