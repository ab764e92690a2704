using Adapt.UniMatch.Tests.Modeling;
using SeCo.Plugins.Adapt.UniMatch.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Adapt.UniMatch.Tests.Optimization;

// The SGD arithmetic itself is tested with SeCo.Vision's Sgd (tests/SeCo.Vision.Tests/Optimization/SgdTests.cs).
public sealed class UniMatchOptimizerTests
{
    [Fact]
    public void Updates_are_identical_to_torchsharp_sgd_for_both_groups_over_several_steps()
    {
        using var scope = NewDisposeScope();
        using var model = DeepLabV3PlusTests.CreateTiny(seed: 3);
        using var twin = DeepLabV3PlusTests.CreateTiny(seed: 3);
        using var sgd = UniMatchOptimizer.Create(model, baseLearningRate: 0.005, headLearningRateMultiplier: 10);
        var reference = optim.SGD(
            [
                new SGD.ParamGroup(twin.BackboneParameters().Select(p => p.Parameter), new SGD.Options { LearningRate = 0.005 }),
                new SGD.ParamGroup(twin.HeadParameters().Select(p => p.Parameter), new SGD.Options { LearningRate = 0.05 }),
            ],
            0.005, momentum: 0.9, weight_decay: 1e-4);
        var x = randn(2, 3, 32, 32);
        var target = randint(0, 5, [2, 32, 32]);

        for (var step = 0; step < 3; step++)
        {
            using var stepScope = NewDisposeScope();
            sgd.ZeroGrad();
            nn.functional.cross_entropy(model.forward(x), target).backward();
            sgd.Step();
            reference.zero_grad();
            nn.functional.cross_entropy(twin.forward(x), target).backward();
            reference.step();
        }

        var expected = twin.state_dict();
        foreach (var (key, value) in model.state_dict())
        {
            value.IsIdenticalTo(expected[key]).Should().BeTrue(key);
        }
    }

    [Fact]
    public void Poly_update_sets_the_head_group_to_lr_times_lr_multi()
    {
        using var model = DeepLabV3PlusTests.CreateTiny(seed: 1);
        using var sgd = UniMatchOptimizer.Create(model, 0.005, headLearningRateMultiplier: 10);

        sgd.Groups[0].LearningRate.Should().Be(0.005, "iteration 0 runs at lr0");
        sgd.Momentum.Should().Be(0.9);
        sgd.WeightDecay.Should().Be(1e-4);
        sgd.Nesterov.Should().BeFalse();
        var lr = sgd.UpdateLearningRate(iteration: 0, totalIterations: 100);

        lr.Should().Be(0.005);
        sgd.UpdateLearningRate(iteration: 50, totalIterations: 100).Should().Be(0.005 * Math.Pow(0.5, 0.9));
        sgd.Groups[0].LearningRate.Should().Be(0.005 * Math.Pow(0.5, 0.9));
        sgd.Groups[1].LearningRate.Should().Be(0.005 * Math.Pow(0.5, 0.9) * 10);
        sgd.ParameterCount.Should().Be(model.parameters().Count());
        sgd.Groups[0].Parameters[0].Name.Should().Be("backbone.conv1.0.weight");
    }
}
