using SeCo.Plugins.Psa.Aggregation;
using SeCo.Plugins.Psa.Stages;
using SeCo.Vision.Geometry;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Taxonomies;
using static Psa.Sam.Tests.Aggregation.SpecOracle;

namespace Psa.Sam.Tests.Aggregation;

/// <summary>
/// Each quirk fix on the spec's stub oracle (psa §9: label 20×24, mask A = columns 0–11, mask B = rows 10–19,
/// a predictor that returns the inclusive prompt box): the fix changes exactly what its quirk decides.
/// </summary>
public sealed class PsaFixesTests
{

    [Fact]
    public void No_fix_is_the_reference()
    {
        new PsaFixes().IsReference.Should().BeTrue();
        new PsaFixes { KeepUncoveredLabels = true }.IsReference.Should().BeFalse();
    }

    [Fact]
    public void Two_points_per_component_gives_the_even_component_a_second_point()
    {
        var reference = Run(new PsaFixes());
        var fixedRun = Run(new PsaFixes { TwoPointsPerComponent = true });

        // Component 1 has 30 pixels (even): one point in the reference, two with the fix; the first is unchanged.
        reference.Components[0].Points.Should().HaveCount(1);
        fixedRun.Components[0].Points.Should().HaveCount(2);
        fixedRun.Components[0].Points[0].Should().Be(reference.Components[0].Points[0]);
        var second = fixedRun.Components[0].Points[1];
        (second.Y * Width + second.X).Should().BeGreaterThanOrEqualTo((4 * Width) + 18, "the second point comes from the pixels after the first chunk (indexes 0..15, up to row 4, column 17)");
        fixedRun.Components[1].Points.Should().Equal(reference.Components[1].Points, "odd components already get two points");
    }

    [Fact]
    public void Keep_uncovered_labels_keeps_confident_input_pixels_nothing_claimed()
    {
        var labels = OracleLabels();
        var reference = Run(new PsaFixes(), labels);
        var fixedRun = Run(new PsaFixes { KeepUncoveredLabels = true }, labels);

        // Exactly the pixels the reference leaves at 255 take their input label.
        for (var i = 0; i < labels.Data.Length; i++)
        {
            var expected = reference.Labels.Data[i] == LabelMap.Ignore ? labels.Data[i] : reference.Labels.Data[i];
            fixedRun.Labels.Data[i].Should().Be(expected);
        }

        var withExtra = OracleLabels();
        withExtra.Data[(8 * Width) + 22] = 2; // building, under no region and no thing box
        Run(new PsaFixes(), withExtra).Labels.Data[(8 * Width) + 22].Should().Be(LabelMap.Ignore);
        Run(new PsaFixes { KeepUncoveredLabels = true }, withExtra).Labels.Data[(8 * Width) + 22].Should().Be(2);
    }

    [Fact]
    public void Inclusive_class_minimum_prompts_a_class_with_exactly_the_minimum()
    {
        // Only one car component of exactly 10 pixels: the reference needs > 10 for the class.
        var labels = new LabelMap(Width, Height);
        labels.Data.AsSpan().Fill(LabelMap.Ignore);
        Fill(labels, 2, 3, 14, 18, 13);

        Run(new PsaFixes(), labels).Components.Should().BeEmpty();
        Run(new PsaFixes { InclusiveClassMinimum = true }, labels).Components.Should().ContainSingle();
    }

    [Fact]
    public void Stuff_keeps_thing_pixels_leaves_thing_labels_to_the_thing_masks()
    {
        var labels = OracleLabels();
        var reference = Run(new PsaFixes(), labels);
        var fixedRun = Run(new PsaFixes { StuffKeepsThingPixels = true }, labels);

        // Row 18, cols 20–22 (a car run too small to prompt) is painted vegetation by mask B in the reference.
        reference.Labels.Data[(18 * Width) + 21].Should().Be(8);
        fixedRun.Labels.Data[(18 * Width) + 21].Should().Be(LabelMap.Ignore);
        Run(new PsaFixes { StuffKeepsThingPixels = true, KeepUncoveredLabels = true }, labels).Labels.Data[(18 * Width) + 21].Should().Be(13);
    }

    private static AggregationResult Run(PsaFixes fixes, LabelMap? labels = null)
    {
        var settings = new PsaOptions { Fixes = fixes }.ToAggregationSettings(Taxonomy.Cityscapes19);
        var maskA = Mask((_, x) => x <= 11);
        var maskB = Mask((y, _) => y >= 10);
        return new PixelSemanticAggregator(settings).Aggregate(labels ?? OracleLabels(), [maskA, maskB], new BoxPrompter());
    }

    private static LabelMap OracleLabels()
    {
        var labels = new LabelMap(Width, Height);
        labels.Data.AsSpan().Fill(LabelMap.Ignore);
        Fill(labels, 0, 9, 0, 11, 0);
        Fill(labels, 9, 9, 0, 2, 255);
        Fill(labels, 12, 19, 0, 5, 8);
        Fill(labels, 2, 6, 14, 19, 13);
        Fill(labels, 12, 16, 15, 17, 13);
        Fill(labels, 18, 18, 20, 22, 13);
        return labels;
    }
}
