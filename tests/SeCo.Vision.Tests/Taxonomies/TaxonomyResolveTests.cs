using System.Text.Json;
using SeCo.Sdk.Errors;
using SeCo.Vision.Taxonomies;

namespace SeCo.Vision.Tests.Taxonomies;

public sealed class TaxonomyResolveTests
{
    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    [Fact]
    public void Stage_option_wins_over_pipeline_and_artifact() =>
        Taxonomy.Resolve(Json("\"synthia16\""), Json("\"cityscapes19\""), "cityscapes19").Name.Should().Be("synthia16");

    [Fact]
    public void Pipeline_taxonomy_wins_over_the_artifact_declaration() =>
        Taxonomy.Resolve(default, Json("\"synthia16\""), "cityscapes19").Name.Should().Be("synthia16");

    [Fact]
    public void Artifact_declaration_is_used_when_nothing_is_configured() =>
        Taxonomy.Resolve(Json("null"), default, "synthia16").Name.Should().Be("synthia16");

    [Fact]
    public void Cityscapes19_is_the_default() =>
        Taxonomy.Resolve(default, default).Should().BeSameAs(Taxonomy.Cityscapes19);

    [Fact]
    public void Unknown_declared_name_is_an_input_error_naming_it()
    {
        var act = () => Taxonomy.Resolve(default, default, "kitti42");

        act.Should().Throw<SeCoInputException>().WithMessage("*kitti42*");
    }
}
