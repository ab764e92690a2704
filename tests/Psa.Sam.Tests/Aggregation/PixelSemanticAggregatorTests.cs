using SeCo.Plugins.Psa.Aggregation;
using SeCo.Plugins.Psa.Stages;
using SeCo.Vision.Geometry;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Taxonomies;
using static Psa.Sam.Tests.Aggregation.SpecOracle;

namespace Psa.Sam.Tests.Aggregation;

/// <summary>The spec's end-to-end stub oracle (psa §9): stub proposals and a predictor that returns the prompt box.</summary>
public sealed class PixelSemanticAggregatorTests
{

    [Fact]
    public void Stub_sam_run_matches_the_spec_oracle()
    {
        var labels = new LabelMap(Width, Height);
        labels.Data.AsSpan().Fill(255);
        Fill(labels, 0, 9, 0, 11, 0);
        Fill(labels, 9, 9, 0, 2, 255);
        Fill(labels, 12, 19, 0, 5, 8);
        Fill(labels, 2, 6, 14, 19, 13);
        Fill(labels, 12, 16, 15, 17, 13);
        Fill(labels, 18, 18, 20, 22, 13);
        var maskA = Mask((_, x) => x <= 11);
        var maskB = Mask((y, _) => y >= 10);
        var prompter = new BoxPrompter();
        var settings = new PsaOptions().ToAggregationSettings(Taxonomy.Cityscapes19);

        var result = new PixelSemanticAggregator(settings).Aggregate(labels, [maskA, maskB], prompter);

        result.Components.Should().HaveCount(2);
        result.Components[0].Prompt!.Box.Should().Be(new BoxPrompt(13, 1, 7, 6));
        result.Components[0].Points.Should().Equal(new Point2I(19, 3));
        result.Components[1].Prompt!.Box.Should().Be(new BoxPrompt(14, 11, 4, 6));
        result.Components[1].Points.Should().Equal(new Point2I(16, 14), new Point2I(17, 16));
        var expected = new LabelMap(Width, Height);
        expected.Data.AsSpan().Fill(255);
        Fill(expected, 0, 9, 0, 11, 0);
        Fill(expected, 10, 19, 0, 23, 8);
        Fill(expected, 11, 17, 14, 18, 13);
        Fill(expected, 1, 7, 13, 20, 13);
        result.Labels.Data.Should().Equal(expected.Data);
    }
}
