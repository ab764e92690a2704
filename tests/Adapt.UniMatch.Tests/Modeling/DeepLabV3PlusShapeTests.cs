using SeCo.Plugins.Adapt.UniMatch.Modeling;
using static TorchSharp.torch;

namespace Adapt.UniMatch.Tests.Modeling;

/// <summary>
/// Spec unimatch.md §7 shape oracles (769² → c1 193², c4 49²; 1024x2048 → c1 256x512, c4 64x128). The spatial arithmetic
/// depends only on strides, paddings and dilations, so a width-4 network checks it at a fraction of the R101's cost.
/// </summary>
public sealed class DeepLabV3PlusShapeTests
{
    [Theory]
    [InlineData(769, 769, 193, 193, 49, 49)]
    [InlineData(1024, 2048, 256, 512, 64, 128)]
    public void Output_stride_16_features_have_the_reference_sizes(long height, long width, long c1Height, long c1Width, long c4Height, long c4Width)
    {
        using var scope = NewDisposeScope();
        using var model = new DeepLabV3Plus(DeepLabV3PlusConfig.ResNet50(19) with { BaseWidth = 4 });
        model.eval();
        using var noGrad = no_grad();
        var x = zeros(1, 3, height, width);

        var (c1, c4) = model.Backbone.forward(x);

        c1.shape.Should().Equal(1, 16, c1Height, c1Width);
        c4.shape.Should().Equal(1, 128, c4Height, c4Width);
        model.Decode(c1, c4).shape.Should().Equal(1, 19, c1Height, c1Width);
    }
}
