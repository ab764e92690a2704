using System.Text.Json;
using SeCo.Plugins.Scc;
using SeCo.Plugins.Scc.Filtering;
using SeCo.Plugins.Scc.Noise;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Testing;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Regions;
using static Scc.Tests.SccStageFixture;

namespace Scc.Tests;

/// <summary>The stage in filterMode gmm (SCC-LD) on the small fixture: classes 0, 1 and 2 of 19 have regions, the rest none.</summary>
public sealed class SccLdStageTests
{
    private static readonly SccOptions s_gmm = new()
    {
        Iterations = 2, BatchSize = 2, CheckpointEvery = 2, BaseChannels = 8, PatchHeight = 32, PatchWidth = 64, FilterMode = FilterMode.Gmm,
    };

    [Fact]
    public async Task Gmm_mode_paints_by_the_noise_decision_and_writes_the_noise_model()
    {
        using var temp = new TempDirectory();
        var (images, labels) = WriteInputs(temp.Path);

        var outputs = await new SccStage().RunAsync(Context(temp.Path), s_gmm, Inputs(images, labels), CancellationToken.None);

        var noise = (Report)outputs.Artifacts["noise"];
        noise.Files.Should().Equal(NoiseModelReport.FileName);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(noise.Root, NoiseModelReport.FileName)));
        var regions = (RegionSet)outputs.Artifacts["regions"];
        var records = RegionRecordJson.Read(regions.RegionsPath(regions.Items[0]));
        records.Should().HaveCount(3).And.OnlyContain(r => r.NoiseProbability != null && r.NoiseThreshold == 0.6 && r.CorrectionThreshold == 0.95);
        var kept = records.Count(r => r.NoiseProbability < 0.6);
        var relabelled = records.Count(r => r.NoiseProbability > 0.6 && r.Score > 0.95);
        var decisions = summary.RootElement.GetProperty("decisions");
        decisions.GetProperty("kept").GetProperty("regions").GetInt32().Should().Be(kept);
        decisions.GetProperty("relabelled").GetProperty("regions").GetInt32().Should().Be(relabelled);
        decisions.GetProperty("dropped").GetProperty("regions").GetInt32().Should().Be(3 - kept - relabelled);
        summary.RootElement.GetProperty("regions").GetInt32().Should().Be(3);

        var extracted = RegionRecordJson.Read(Path.Combine(temp.Path, "runs", "scc", "extract", "a.json"));
        var corrected = (LabelSet)outputs.Artifacts["labels"];
        var painted = LabelMapIO.Read(corrected.LabelPath(corrected.Items[0]));
        for (var k = 0; k < records.Count; k++)
        {
            var record = records[k];
            var mask = record.Segmentation.Decode();
            var expected = RegionFilter.Keeps(record, FilterMode.Gmm) ? record.CategoryId : LabelMap.Ignore;
            if (record.NoiseProbability < 0.6)
            {
                record.CategoryId.Should().Be(extracted[k].CategoryId, "a clean region keeps its pseudo-label");
            }

            for (var t = 0; t < mask.Length; t++)
            {
                if (mask[t] != 0)
                {
                    painted.Data[t].Should().Be((byte)expected, "the decoded mask is row-major like the map");
                }
            }
        }

        LabelMapIO.Read(corrected.LabelPath(corrected.Items[1])).Data.Should().OnlyContain(v => v == LabelMap.Ignore);
    }

    [Fact]
    public async Task Released_modes_give_an_empty_noise_report()
    {
        using var temp = new TempDirectory();
        var (images, labels) = WriteInputs(temp.Path);

        var outputs = await new SccStage().RunAsync(Context(temp.Path), s_gmm with { FilterMode = FilterMode.BothLoss }, Inputs(images, labels), CancellationToken.None);

        ((Report)outputs.Artifacts["noise"]).Files.Should().BeEmpty();
        File.Exists(Path.Combine(temp.Path, "runs", "scc", NoiseModelReport.FileName)).Should().BeFalse();
    }

    [Fact]
    public async Task Keep_noisy_label_with_gmm_is_refused_with_advice()
    {
        using var temp = new TempDirectory();
        var (images, labels) = WriteInputs(temp.Path);

        var act = () => new SccStage().RunAsync(Context(temp.Path), s_gmm with { KeepNoisyLabel = true }, Inputs(images, labels), CancellationToken.None);

        (await act.Should().ThrowAsync<SeCoInputException>()).Which.Location.JsonPath.Should().Be("with.keepNoisyLabel");
    }

}
