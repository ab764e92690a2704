using SeCo.Host.Plugins;

namespace SeCo.Host.Tests.Plugins;

public sealed class StageIdTests
{
    [Theory]
    [InlineData("eval.miou")]
    [InlineData("sources.folder")]
    [InlineData("adapt.unimatch-v2")]
    [InlineData("a1")]
    [InlineData("a.b.c-d-2")]
    public void Lower_case_dotted_words_are_valid_stage_ids(string id) =>
        StageDiscovery.IsValidStageId(id).Should().BeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("Eval.miou")]
    [InlineData("eval_miou")]
    [InlineData("eval.")]
    [InlineData(".eval")]
    [InlineData("eval..miou")]
    [InlineData("eval.1st")]
    [InlineData("first-word.dash")]
    [InlineData("eval miou")]
    [InlineData("eval.miou\n")]
    public void Other_strings_are_invalid_stage_ids(string id) =>
        StageDiscovery.IsValidStageId(id).Should().BeFalse();
}
