using SeCo.Plugins.Psa.Modeling;
using SeCo.Sdk.Errors;
using SeCo.Testing;

namespace Psa.Sam.Tests.Golden;

public sealed class SamCheckpointGoldenTests
{
    [Theory]
    [InlineData("tiny_sam.pth")]
    [InlineData("tiny_sam.safetensors")]
    public void Tiny_checkpoint_loads_strictly_and_equals_detfill(string file)
    {
        using var loaded = SamCheckpoint.Load(GoldenData.PathOf("sam", "tiny", file), TinySam.Variant);
        using var detFill = TinySam.DetFill();

        var expected = detFill.state_dict();
        foreach (var (key, tensor) in loaded.state_dict())
        {
            tensor.allclose(expected[key], rtol: 0, atol: 0).Should().BeTrue(because: key);
        }
    }

    [Fact]
    public void Missing_checkpoint_names_the_official_source_and_implied_variant()
    {
        var act = () => SamCheckpoint.Load("/nonexistent/sam_vit_h_4b8939.pth", SamVariant.VitB);

        act.Should().Throw<SeCoInputException>()
            .WithMessage("*vit_h*sam_vit_h_4b8939.pth*github.com/facebookresearch/segment-anything*");
    }

    [Fact]
    public void Checkpoint_of_another_size_names_both_variants()
    {
        var act = () => SamCheckpoint.Load(GoldenData.PathOf("sam", "tiny", "tiny_sam.safetensors"), SamVariant.VitB);

        act.Should().Throw<SeCoInputException>().WithMessage("*embed dim 32, depth 2*vit_b*");
    }
}
