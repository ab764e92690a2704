using SeCo.Plugins.Scc.Modeling;
using SeCo.Testing;
using SeCo.Vision.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Scc.Tests.Golden;

public sealed class ClassifierGoldenTests
{
    // README "Tolerances": |a - b| <= 1e-4 * max|ref| for classifier_eval logits.
    private const double RelativeToMaxLogit = 1e-4;

    [Fact]
    public void ResNet18_detfill_logits_and_features_match_the_reference_in_eval_mode() => CheckDepth(18);

    [Fact]
    [Trait("Category", "Slow")]
    public void ResNet101_detfill_logits_and_features_match_the_reference_in_eval_mode() => CheckDepth(101);

    [Fact]
    public void Parameter_names_are_torchvision_keys()
    {
        using var model = new MaskGatedResNet(18, 19);
        var keys = model.state_dict().Keys.ToArray();
        keys.Should().HaveCount(122);
        keys.Should().Contain(["conv1.weight", "bn1.num_batches_tracked", "layer2.0.downsample.0.weight", "layer4.1.bn2.running_var", "fc.weight", "fc.bias"]);
        model.state_dict()["conv1.weight"].shape.Should().Equal(64, 3, 3, 3);

        using var deep = new MaskGatedResNet(101, 19);
        deep.state_dict()["conv1.weight"].shape.Should().Equal(64, 3, 7, 7);
        deep.state_dict()["layer3.22.conv3.weight"].shape.Should().Equal(1024, 256, 1, 1);
        deep.state_dict()["fc.weight"].shape.Should().Equal(19, 2048);
    }

    [Fact]
    public void Legacy_nearest_gate_samples_even_rows_and_columns()
    {
        using var scope = NewDisposeScope();
        var values = arange(16, dtype: float32).reshape(1, 1, 4, 4);
        var down = nn.functional.interpolate(values, size: [2, 2], mode: InterpolationMode.Nearest);
        down.data<float>().ToArray().Should().Equal(0f, 2f, 8f, 10f);
    }

    private static void CheckDepth(int depth)
    {
        using var scope = NewDisposeScope();
        var inputs = SafeTensors.Load(GoldenData.PathOf("scc", "getitem", "getitem_outputs.safetensors"));
        var golden = SafeTensors.Load(GoldenData.PathOf("scc", "classifier_eval.safetensors"));
        var images = stack([inputs["r0_image"], inputs["r1_image"]]);
        var masks = stack([inputs["r0_ins_mask"], inputs["r1_ins_mask"]]);

        using var model = new MaskGatedResNet(depth, 19);
        DetFill.Apply(model);
        model.eval();
        using var _ = no_grad();
        var logits = model.Forward(images, masks, out var features);

        AssertClose(golden[$"depth{depth}_logits"], logits);
        AssertClose(golden[$"depth{depth}_features"], features!);
        AssertClose(golden[$"depth{depth}_softmax"], logits.softmax(1));
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        actual.shape.Should().Equal(expected.shape);
        var max = expected.abs().max().item<float>();
        var diff = (expected - actual).abs().max().item<float>();
        diff.Should().BeLessThanOrEqualTo((float)(RelativeToMaxLogit * Math.Max(max, 1e-30f)));
    }
}
