using SeCo.Testing;
using SeCo.Vision.Checkpoints;
using SeCo.Vision.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeCo.Vision.Tests.Optimization;

public sealed class SgdTests : IDisposable
{
    private readonly TempDirectory _directory = new("seco-sgd");

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(0.0, 0.0, false, 0.0)]     // plain SGD
    [InlineData(0.0, 1e-3, false, 0.0)]    // weight decay only
    [InlineData(0.9, 1e-4, false, 0.0)]    // UniMatch
    [InlineData(0.9, 1e-3, true, 0.0)]     // SCC (Nesterov)
    [InlineData(0.9, 0.0, true, 0.0)]      // Nesterov without weight decay
    [InlineData(0.8, 5e-4, false, 0.3)]    // dampening
    public void Steps_are_bit_identical_to_torch_optim_sgd(double momentum, double weightDecay, bool nesterov, double dampening)
    {
        using var scope = NewDisposeScope();
        var ours = Parameters(seed: 3);
        var theirs = Parameters(seed: 3);
        using var sgd = new Sgd(
            [new SgdParameterGroup([("a", ours[0]), ("b", ours[1])], 0.1), new SgdParameterGroup([("c", ours[2])])],
            0.05, momentum, weightDecay, nesterov, dampening);
        var reference = optim.SGD(
            [
                new SGD.ParamGroup([theirs[0], theirs[1]], new SGD.Options { LearningRate = 0.05 * 0.1 }),
                new SGD.ParamGroup([theirs[2]], new SGD.Options { LearningRate = 0.05 }),
            ],
            0.05, momentum: momentum, dampening: dampening, weight_decay: weightDecay, nesterov: nesterov);
        using var generator = new Generator(9);

        for (var step = 0; step < 4; step++)
        {
            using var stepScope = NewDisposeScope();
            for (var i = 0; i < ours.Length; i++)
            {
                var gradient = randn(ours[i].shape, generator: generator);
                ours[i].grad = gradient.clone();
                theirs[i].grad = gradient.clone();
            }

            sgd.Step();
            reference.step();
            for (var i = 0; i < ours.Length; i++)
            {
                TensorBits.Identical(ours[i], theirs[i]).Should().BeTrue($"parameter {i} after step {step}");
            }
        }

        (sgd.MomentumBuffer(0) is null).Should().Be(momentum == 0);
    }

    [Fact]
    public void One_nesterov_step_follows_the_torch_formula()
    {
        using var scope = NewDisposeScope();
        var parameter = new Parameter(tensor(new[] { 1.0f, -2.0f }));
        using var sgd = new Sgd([new SgdParameterGroup([("w", parameter)])], 0.01, momentum: 0.9, weightDecay: 1e-3, nesterov: true);

        parameter.grad = tensor(new[] { 0.5f, 0.25f });
        sgd.Step();

        // d = g + wd·p; buf = d; p -= lr·(d + m·buf) = lr·1.9·d.
        double[] d = [0.5 + 1e-3, 0.25 - 2e-3];
        parameter.allclose(tensor(new[] { (float)(1 - 0.01 * 1.9 * d[0]), (float)(-2 - 0.01 * 1.9 * d[1]) }), rtol: 1e-6, atol: 0).Should().BeTrue();
        sgd.MomentumBuffer(0)!.allclose(tensor(new[] { (float)d[0], (float)d[1] }), rtol: 1e-6, atol: 0).Should().BeTrue();
    }

    [Fact]
    public void First_steps_follow_pytorch_sgd_with_momentum_and_weight_decay()
    {
        using var scope = NewDisposeScope();
        var parameter = new Parameter(tensor(new[] { 1.0f, -2.0f }));
        using var sgd = new Sgd([new SgdParameterGroup([("w", parameter)])], 0.01, momentum: 0.9, weightDecay: 1e-4);

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
    public void Dampening_scales_the_gradient_added_to_the_buffer_after_the_first_step()
    {
        using var scope = NewDisposeScope();
        var parameter = new Parameter(zeros(1));
        using var sgd = new Sgd([new SgdParameterGroup([("w", parameter)])], 1.0, momentum: 0.5, dampening: 0.25);

        parameter.grad = ones(1);
        sgd.Step();   // buf = 1 (the first step copies the gradient undampened); p = -1
        sgd.Step();   // buf = 0.5·1 + 0.75·1 = 1.25; p = -2.25

        sgd.MomentumBuffer(0)!.item<float>().Should().Be(1.25f);
        parameter.item<float>().Should().Be(-2.25f);
    }

    [Fact]
    public void Groups_start_at_their_factor_of_the_base_rate_and_follow_set_learning_rate()
    {
        using var scope = NewDisposeScope();
        var parameters = Parameters(seed: 1);
        using var sgd = new Sgd([new SgdParameterGroup([("a", parameters[0])], 0.1), new SgdParameterGroup([("b", parameters[1])], 10)], 0.01, momentum: 0.9);

        sgd.Groups.Select(g => g.LearningRate).Should().Equal(0.01 * 0.1, 0.01 * 10);
        sgd.Groups.Select(g => g.InitialLearningRate).Should().Equal(0.01 * 0.1, 0.01 * 10);
        sgd.SetLearningRate(0.5);
        sgd.Groups.Select(g => g.LearningRate).Should().Equal(0.5 * 0.1, 0.5 * 10);
        sgd.Groups.Select(g => g.InitialLearningRate).Should().Equal(0.01 * 0.1, 0.01 * 10);
        sgd.ParameterCount.Should().Be(2);
    }

    [Fact]
    public void Momentum_buffers_can_be_restored_for_resuming()
    {
        using var scope = NewDisposeScope();
        var parameter = new Parameter(zeros(2));
        using var sgd = new Sgd([new SgdParameterGroup([("w", parameter)])], 0.1, momentum: 0.9);
        sgd.MomentumBuffer(0).Should().BeNull();

        sgd.SetMomentumBuffer(0, tensor(new[] { 1.0f, 2.0f }));
        parameter.grad = zeros(2);
        sgd.Step();

        // buf = 0.9·[1, 2] + 0; p = -0.1·buf.
        parameter.allclose(tensor(new[] { -0.09f, -0.18f }), rtol: 1e-6, atol: 0).Should().BeTrue();
        var wrongShape = () => sgd.SetMomentumBuffer(0, zeros(3));
        wrongShape.Should().Throw<ArgumentException>();
        var noParameter = () => sgd.SetMomentumBuffer(1, zeros(2));
        noParameter.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void The_state_dict_is_pytorchs_layout_and_reads_back()
    {
        using var scope = NewDisposeScope();
        var parameters = Parameters(seed: 2);
        using var sgd = new Sgd([new SgdParameterGroup([("a", parameters[0]), ("b", parameters[1])], 0.1), new SgdParameterGroup([("c", parameters[2])])],
            0.02, momentum: 0.9, weightDecay: 1e-3, nesterov: true);
        parameters[0].grad = ones_like(parameters[0]);
        parameters[2].grad = ones_like(parameters[2]);
        sgd.Step();
        var path = Path.Combine(_directory.Path, "optimizer.pth");

        Pth.SaveObject(path, new Dictionary<string, object?> { ["optimizer_state"] = sgd.StateDict(g => new Dictionary<string, object?> { ["init_lr"] = g.InitialLearningRate }) });

        using var file = Pth.Open(path);
        var groups = SgdStateDict.ReadGroups(file);
        groups.Select(g => (g.LearningRate, g.Momentum, g.WeightDecay, g.Nesterov, g.Dampening, g.ParameterCount))
            .Should().Equal((0.02 * 0.1, 0.9, 1e-3, true, 0.0, 2), (0.02, 0.9, 1e-3, true, 0.0, 1));
        groups.Select(g => g.Extra["init_lr"]).Should().Equal(0.02 * 0.1, 0.02);
        var buffers = SgdStateDict.ReadMomentumBuffers(file);
        buffers.Keys.Order().Should().Equal(0, 2);
        TensorBits.Identical(buffers[2], sgd.MomentumBuffer(2)!).Should().BeTrue();
        foreach (var buffer in buffers.Values)
        {
            buffer.Dispose();
        }
    }

    [Fact]
    public void Nesterov_without_momentum_is_rejected_as_torch_does()
    {
        var parameter = new Parameter(zeros(1));
        var create = () => new Sgd([new SgdParameterGroup([("w", parameter)])], 0.1, momentum: 0, nesterov: true);

        create.Should().Throw<ArgumentException>().WithMessage("*Nesterov*");
        parameter.Dispose();
    }

    private static Parameter[] Parameters(int seed)
    {
        using var generator = new Generator((ulong)seed);
        return [new Parameter(randn(new long[] { 3, 4 }, generator: generator)), new Parameter(randn(new long[] { 5 }, generator: generator)), new Parameter(randn(new long[] { 2, 2, 3 }, generator: generator))];
    }
}
