using SeCo.Plugins.Scc.Modeling;
using TorchSharp;
using static TorchSharp.torch;
using SeCo.Vision.Modules;

namespace Scc.Tests;

public sealed class BatchNormForwardTests
{
    [Fact]
    public void Apply_matches_the_module_forward_in_training_and_eval_including_running_statistics()
    {
        manual_seed(3);
        using var reference = nn.BatchNorm2d(4);
        using var ours = nn.BatchNorm2d(4);
        using var input = randn(5, 4, 3, 6) * 2 + 1;
        using (no_grad())
        {
            reference.weight!.uniform_(0.5, 1.5);
            ours.weight!.copy_(reference.weight);
        }

        for (var step = 0; step < 3; step++)
        {
            using var scope = NewDisposeScope();
            var expected = reference.forward(input);
            var actual = BatchNormForward.Apply(ours, input);
            actual.allclose(expected, rtol: 0, atol: 1e-6).Should().BeTrue($"training step {step}");
        }

        ours.running_mean!.allclose(reference.running_mean!, rtol: 0, atol: 1e-6).Should().BeTrue();
        ours.running_var!.allclose(reference.running_var!, rtol: 0, atol: 1e-6).Should().BeTrue();
        ours.num_batches_tracked!.item<long>().Should().Be(3);
        reference.num_batches_tracked!.item<long>().Should().Be(3);

        reference.eval();
        ours.eval();
        using var evalExpected = reference.forward(input);
        using var evalActual = BatchNormForward.Apply(ours, input);
        evalActual.allclose(evalExpected, rtol: 0, atol: 1e-6).Should().BeTrue();
        ours.num_batches_tracked!.item<long>().Should().Be(3, "eval does not count batches");
    }

    [Fact]
    public async Task Training_steps_survive_finalizers_running_on_another_thread()
    {
        using var norm = nn.BatchNorm2d(2);
        using var input = ones(2, 2, 2, 2);
        using var stop = new CancellationTokenSource();
        // Deliberate GC pressure: this thread makes the finalizer run while the training steps are inside native calls,
        // which is the race BatchNormForward avoids. Tensors here are still freed by the dispose scope, not the GC.
        var collector = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });

        const int Steps = 2000;
        for (var i = 0; i < Steps; i++)
        {
            using var scope = NewDisposeScope();
            BatchNormForward.Apply(norm, input);
        }

        stop.Cancel();
        await collector;
        norm.num_batches_tracked!.item<long>().Should().Be(Steps);
    }
}
