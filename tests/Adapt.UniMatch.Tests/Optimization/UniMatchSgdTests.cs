using Adapt.UniMatch.Tests.Modeling;
using SeCo.Plugins.Adapt.UniMatch.Modeling;
using SeCo.Plugins.Adapt.UniMatch.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Adapt.UniMatch.Tests.Optimization;

public sealed class UniMatchSgdTests
{
    [Fact]
    public void First_steps_follow_pytorch_sgd_with_momentum_and_weight_decay()
    {
        using var scope = NewDisposeScope();
        var parameter = new Parameter(tensor(new[] { 1.0f, -2.0f }));
        var sgd = new UniMatchSgd([new SgdParameterGroup([("w", parameter)], 1.0, 0.01)], 0.01);

        parameter.grad = tensor(new[] { 0.5f, 0.25f });
        sgd.Step();
        // d = g + 1e-4·p; buf = d; p -= 0.01·buf.
        parameter.allclose(tensor(new[] { (float)(1 - 0.01 * (0.5 + 1e-4)), (float)(-2 - 0.01 * (0.25 - 2e-4)) }), rtol: 1e-7, atol: 0).Should().BeTrue();

        var p1 = parameter.detach().clone();
        var buffer1 = sgd.MomentumBuffer(0)!.clone();
        parameter.grad = tensor(new[] { -1.0f, 1.0f });
        sgd.Step();
        var expectedBuffer = buffer1.mul(0.9).add(tensor(new[] { -1.0f, 1.0f }).add(p1, alpha: 1e-4));
        sgd.MomentumBuffer(0)!.allclose(expectedBuffer, rtol: 1e-6, atol: 0).Should().BeTrue();
        parameter.allclose(p1.sub(expectedBuffer.mul(0.01)), rtol: 1e-6, atol: 0).Should().BeTrue();
    }

    [Fact]
    public void Updates_are_identical_to_torchsharp_sgd_for_both_groups_over_several_steps()
    {
        using var scope = NewDisposeScope();
        using var model = DeepLabV3PlusTests.CreateTiny(seed: 3);
        using var twin = DeepLabV3PlusTests.CreateTiny(seed: 3);
        using var sgd = new UniMatchSgd(model, baseLearningRate: 0.005, headLearningRateMultiplier: 10);
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
        using var sgd = new UniMatchSgd(model, 0.005, headLearningRateMultiplier: 10);

        sgd.Groups[0].LearningRate.Should().Be(0.005, "iteration 0 runs at lr0");
        var lr = sgd.UpdateLearningRate(iteration: 0, totalIterations: 100);

        lr.Should().Be(0.005);
        sgd.UpdateLearningRate(iteration: 50, totalIterations: 100).Should().Be(0.005 * Math.Pow(0.5, 0.9));
        sgd.Groups[0].LearningRate.Should().Be(0.005 * Math.Pow(0.5, 0.9));
        sgd.Groups[1].LearningRate.Should().Be(0.005 * Math.Pow(0.5, 0.9) * 10);
        sgd.ParameterCount.Should().Be(model.parameters().Count());
        sgd.Groups[0].Parameters[0].Name.Should().Be("backbone.conv1.0.weight");
    }

    [Fact]
    public void Momentum_buffers_can_be_restored_for_resuming()
    {
        using var scope = NewDisposeScope();
        var parameter = new Parameter(zeros(2));
        using var sgd = new UniMatchSgd([new SgdParameterGroup([("w", parameter)], 1.0, 0.1)], 0.1, weightDecay: 0);
        sgd.MomentumBuffer(0).Should().BeNull();

        sgd.SetMomentumBuffer(0, tensor(new[] { 1.0f, 2.0f }));
        parameter.grad = zeros(2);
        sgd.Step();

        // buf = 0.9·[1, 2] + 0; p = -0.1·buf.
        parameter.allclose(tensor(new[] { -0.09f, -0.18f }), rtol: 1e-6, atol: 0).Should().BeTrue();
        var wrongShape = () => sgd.SetMomentumBuffer(0, zeros(3));
        wrongShape.Should().Throw<ArgumentException>();
    }
}
