using SeCo.Plugins.Adapt.UniMatch.Splitting;
using SeCo.Plugins.Adapt.UniMatch.Stages;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Sdk.Stages;
using SeCo.Testing;

namespace Adapt.UniMatch.Tests.Splitting;

public sealed class SplitStageTests
{
    [Fact]
    public async Task Surviving_fraction_rule_labels_the_images_with_the_fewest_ignored_pixels()
    {
        using var temp = new TempDirectory();
        var shares = new[] { 0.5, 0.0, 0.25, 0.75, 0.125, 0.9 };
        var (images, labels) = TestScenes.Write(temp.Path, shares.Length, 16, 8, n => shares[n]);
        var context = TestStage.Context(temp.Path, stageId: "split");

        var outputs = await new SplitStage().RunAsync(context, new SplitOptions(), Inputs(images, labels), CancellationToken.None);

        var split = (Split)outputs.Artifacts["split"];
        split.Labeled.Should().Equal("city/img01", "city/img02", "city/img04");
        split.Unlabeled.Should().Equal("city/img00", "city/img03", "city/img05");
        var lines = File.ReadAllLines(Path.Combine(context.OutputDirectory, split.LabeledList!));
        lines.Should().HaveCount(3);
        lines[0].Should().Be($"{images.ImagePath(images.Items[1])} {labels.LabelPath(labels.Items[1])}");
        File.ReadAllLines(Path.Combine(context.OutputDirectory, split.UnlabeledList!)).Should().HaveCount(3);
    }

    [Fact]
    public async Task List_files_rule_matches_lines_by_relative_image_path()
    {
        using var temp = new TempDirectory();
        var (images, labels) = TestScenes.Write(temp.Path, 4, 16, 8);
        File.WriteAllText(temp.File("l.txt"), "img/img02.png lbl/img02.png\nimg/img00.png lbl/img00.png\n");
        var context = TestStage.Context(temp.Path, stageId: "split");

        var outputs = await new SplitStage().RunAsync(context, new SplitOptions { Rule = SplitRule.ListFiles, LabeledList = "l.txt" },
            Inputs(images, labels), CancellationToken.None);

        var split = (Split)outputs.Artifacts["split"];
        split.Labeled.Should().Equal("city/img02", "city/img00");
        split.Unlabeled.Should().Equal("city/img01", "city/img03");
    }

    [Fact]
    public async Task List_line_without_a_matching_image_names_the_file_and_line()
    {
        using var temp = new TempDirectory();
        var (images, labels) = TestScenes.Write(temp.Path, 2, 16, 8);
        File.WriteAllText(temp.File("l.txt"), "img/img00.png x\nimg/missing.png x\n");
        var context = TestStage.Context(temp.Path, stageId: "split");

        var act = () => new SplitStage().RunAsync(context, new SplitOptions { Rule = SplitRule.ListFiles, LabeledList = "l.txt" },
            Inputs(images, labels), CancellationToken.None);

        (await act.Should().ThrowAsync<SeCoInputException>()).Which.Location.Line.Should().Be(2);
    }

    [Fact]
    public async Task Mean_region_score_rule_without_regions_is_a_user_error()
    {
        using var temp = new TempDirectory();
        var (images, labels) = TestScenes.Write(temp.Path, 2, 16, 8);
        var context = TestStage.Context(temp.Path, stageId: "split");

        var act = () => new SplitStage().RunAsync(context, new SplitOptions { Rule = SplitRule.MeanRegionScore }, Inputs(images, labels), CancellationToken.None);

        await act.Should().ThrowAsync<SeCoInputException>().WithMessage("*regions*");
    }

    [Theory]
    [InlineData(6, 0.5, 3)]
    [InlineData(5, 0.5, 3)]
    [InlineData(4, 1.0, 3)]
    [InlineData(4, 0.0, 1)]
    [InlineData(1, 0.5, 1)]
    public void Ranked_split_keeps_both_subsets_non_empty(int count, double fraction, int labeled)
    {
        var scores = Enumerable.Range(0, count).Select(i => new ImageScore($"i{i}", i)).ToList();

        var (l, u) = RankedSplit.Divide(scores, fraction);

        l.Should().HaveCount(labeled);
        u.Should().HaveCount(count - labeled);
        l.Select(id => int.Parse(id.Substring(1), System.Globalization.CultureInfo.InvariantCulture)).Should().OnlyContain(i => i >= count - labeled);
    }

    private static StageInputs Inputs(ImageSet images, LabelSet labels) =>
        new(new Dictionary<string, Artifact> { ["images"] = images, ["labels"] = labels });
}
