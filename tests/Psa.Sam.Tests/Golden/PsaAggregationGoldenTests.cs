using SeCo.Plugins.Psa.Aggregation;
using SeCo.Plugins.Psa.Stages;
using SeCo.Testing;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Taxonomies;

namespace Psa.Sam.Tests.Golden;

/// <summary>
/// The aggregation core against the reference main loop: the recorded AMG masks and predictor masks of every golden
/// run go through <see cref="PixelSemanticAggregator"/> and must give the reference label map, with the intermediate
/// components, contours, boxes and points equal to the records.
/// </summary>
public sealed class PsaAggregationGoldenTests
{
    /// <summary>README: <c>get_mini_boxes</c> corners are float32 from OpenCV, compared with atol 1e-4.</summary>
    private const float MiniBoxTolerance = 1e-4f;

    public static TheoryData<string, string> Runs => new()
    {
        { "tiny", "synth_000" }, { "tiny", "synth_001" }, { "tiny", "synth_002" },
        { "tiny_rand_lowthr", "synth_000" }, { "tiny_rand_lowthr", "synth_001" }, { "tiny_rand_lowthr", "synth_002" },
        { "vit_b", "synth_000" },
    };

    /// <summary>The stage's default options on cityscapes19: the reference's settings.</summary>
    internal static AggregationSettings Cityscapes19Settings { get; } = new PsaOptions().ToAggregationSettings(Taxonomy.Cityscapes19);

    [Theory]
    [MemberData(nameof(Runs))]
    public void Recorded_masks_reproduce_the_reference_label_map(string type, string image)
    {
        var record = PsaRecord.Read(type, image);
        var labels = LabelMapIO.Read(GoldenData.PathOf("psa", "data", "psd_label", "train", image + ".png"));
        var expected = LabelMapIO.Read(GoldenData.PathOf("psa", "data", "psd_label_sam_" + type, "train", image + ".png"));
        var prompter = new RecordedThingPrompter(record.Components.Where(c => c.Mask is not null).ToList());

        var result = new PixelSemanticAggregator(Cityscapes19Settings).Aggregate(labels, record.AmgMasks, prompter);

        prompter.Calls.Should().Be(1, "all thing prompts of an image are predicted in one batched call");
        result.Labels.Width.Should().Be(expected.Width);
        result.Labels.Data.Should().Equal(expected.Data);
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Components_contours_boxes_and_points_match_the_records(string type, string image)
    {
        var record = PsaRecord.Read(type, image);
        var labels = LabelMapIO.Read(GoldenData.PathOf("psa", "data", "psd_label", "train", image + ".png"));

        var components = ThingComponentFinder.Find(labels.Data, labels.Width, labels.Height, Cityscapes19Settings);

        components.Should().HaveCount(record.Components.Count);
        for (var k = 0; k < components.Count; k++)
        {
            var actual = components[k];
            var expected = record.Components[k];
            var because = $"component {k} ({type}/{image})";
            actual.ClassId.Should().Be(expected.LabelId, because);
            actual.Geometry.Contour.Select(p => new[] { p.X, p.Y }).Should().BeEquivalentTo(expected.Contour, o => o.WithStrictOrdering(), because);
            actual.Geometry.ContourArea.Should().Be(expected.ContourArea, because);
            for (var c = 0; c < 4; c++)
            {
                actual.Geometry.MiniBox.Corners[c].X.Should().BeApproximately(expected.MiniBox[c][0], MiniBoxTolerance, because);
                actual.Geometry.MiniBox.Corners[c].Y.Should().BeApproximately(expected.MiniBox[c][1], MiniBoxTolerance, because);
            }

            actual.Geometry.Expanded.Select(poly => poly.Select(p => new[] { p.X, p.Y }).ToArray())
                .Should().BeEquivalentTo(expected.Unclip, o => o.WithStrictOrdering(), because);
            if (expected.InputBox is null)
            {
                actual.Prompt.Should().BeNull(because);
                continue;
            }

            actual.Region.Area.Should().Be(expected.NumPixels, because);
            (actual.Region.FirstPixel % labels.Width, actual.Region.FirstPixel / labels.Width).Should().Be(expected.FirstPixel!.Value, because);
            var prompt = actual.Prompt!;
            new[] { prompt.Box.X, prompt.Box.Y, prompt.Box.XMax, prompt.Box.YMax }.Should().Equal(expected.InputBox, because);
            prompt.Points.Select(p => new[] { p.X, p.Y }).Should().BeEquivalentTo(expected.Points!, o => o.WithStrictOrdering(), because);
        }
    }
}
