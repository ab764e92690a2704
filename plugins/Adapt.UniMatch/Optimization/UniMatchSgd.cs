using TorchSharp;
using SeCo.Plugins.Adapt.UniMatch.Modeling;
using static TorchSharp.torch;

namespace SeCo.Plugins.Adapt.UniMatch.Optimization;

/// <summary>
/// UniMatch's optimiser: PyTorch's single-tensor <c>SGD(momentum=0.9, dampening=0, weight_decay=1e-4,
/// nesterov=False)</c> over two groups (backbone at <c>lr</c>, everything else at <c>lr · lr_multi</c>), with the poly
/// schedule and the momentum buffers exposed so a checkpoint can carry PyTorch's optimiser state layout
/// (<c>state[i]['momentum_buffer']</c>, <c>i</c> = parameter index across groups).
/// </summary>
/// <remarks>
/// Update per parameter: <c>d = g + wd·p</c>; <c>buf = d</c> on its first step, else <c>buf = m·buf + d</c>;
/// <c>p −= lr·buf</c>. Weight decay applies to every parameter, BatchNorm and biases included, as in the reference.
/// </remarks>
public sealed class UniMatchSgd : IDisposable
{
    private readonly SgdParameterGroup[] _groups;
    private readonly Tensor?[] _momentum;

    /// <summary>Creates the optimiser for a model, with both groups at their initial learning rates.</summary>
    /// <param name="model">The network; group 0 = <c>backbone.*</c>, group 1 = the rest.</param>
    /// <param name="baseLearningRate"><c>cfg['lr']</c> (SeCo: 0.005).</param>
    /// <param name="headLearningRateMultiplier"><c>cfg['lr_multi']</c> (SeCo: 1.0).</param>
    /// <param name="momentum">Momentum factor (0.9).</param>
    /// <param name="weightDecay">L2 weight decay (1e-4).</param>
    public UniMatchSgd(DeepLabV3Plus model, double baseLearningRate, double headLearningRateMultiplier = 1.0, double momentum = 0.9, double weightDecay = 1e-4)
        : this(
            [
                new SgdParameterGroup(Require(model).BackboneParameters(), 1.0, baseLearningRate),
                new SgdParameterGroup(model.HeadParameters(), headLearningRateMultiplier, baseLearningRate * headLearningRateMultiplier),
            ],
            baseLearningRate,
            momentum,
            weightDecay)
    {
    }

    /// <summary>Creates the optimiser over explicit groups.</summary>
    public UniMatchSgd(IReadOnlyList<SgdParameterGroup> groups, double baseLearningRate, double momentum = 0.9, double weightDecay = 1e-4)
    {
        ArgumentNullException.ThrowIfNull(groups);
        _groups = [.. groups];
        _momentum = new Tensor?[_groups.Sum(g => g.Parameters.Count)];
        BaseLearningRate = baseLearningRate;
        Momentum = momentum;
        WeightDecay = weightDecay;
    }

    /// <summary><c>lr0</c>, the learning rate of the schedule's iteration 0.</summary>
    public double BaseLearningRate { get; }

    /// <summary>Momentum factor.</summary>
    public double Momentum { get; }

    /// <summary>L2 weight decay added to every gradient.</summary>
    public double WeightDecay { get; }

    /// <summary>The groups in optimiser order.</summary>
    public IReadOnlyList<SgdParameterGroup> Groups => _groups;

    /// <summary>Number of parameters over all groups (the length of PyTorch's <c>state</c> indices).</summary>
    public int ParameterCount => _momentum.Length;

    /// <summary>Momentum buffer of parameter <paramref name="index"/> (across groups), or <see langword="null"/> before its first step.</summary>
    public Tensor? MomentumBuffer(int index) => _momentum[index];

    /// <summary>Replaces the momentum buffer of parameter <paramref name="index"/> with a copy of <paramref name="buffer"/> (resuming).</summary>
    public void SetMomentumBuffer(int index, Tensor buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var parameter = ParameterAt(index);
        if (!parameter.shape.AsSpan().SequenceEqual(buffer.shape))
        {
            throw new ArgumentException($"The momentum buffer [{string.Join(", ", buffer.shape)}] does not match parameter {index} [{string.Join(", ", parameter.shape)}].", nameof(buffer));
        }

        _momentum[index]?.Dispose();
        using var noGrad = no_grad();
        _momentum[index] = buffer.detach().to(parameter.dtype, parameter.device).clone().DetachFromDisposeScope();
    }

    /// <summary>Sets every group's learning rate to <c>lr · multiplier</c>.</summary>
    public void SetLearningRate(double learningRate)
    {
        foreach (var group in _groups)
        {
            group.LearningRate = learningRate * group.LearningRateMultiplier;
        }
    }

    /// <summary>
    /// UniMatch's schedule update after the step of <paramref name="iteration"/>: sets
    /// <c>lr0 · (1 − iteration / total)^0.9</c> (times each group's multiplier) and returns it.
    /// </summary>
    public double UpdateLearningRate(long iteration, long totalIterations)
    {
        var learningRate = PolyLearningRate.At(BaseLearningRate, iteration, totalIterations);
        SetLearningRate(learningRate);
        return learningRate;
    }

    /// <summary>Clears every parameter's gradient (sets it to zero, as <c>zero_grad(set_to_none=False)</c>; values are identical).</summary>
    public void ZeroGrad()
    {
        foreach (var group in _groups)
        {
            foreach (var (_, parameter) in group.Parameters)
            {
                parameter.grad?.zero_();
            }
        }
    }

    /// <summary>One SGD step over every parameter that has a gradient.</summary>
    public void Step()
    {
        using var noGrad = no_grad();
        // Scalars held for the whole step: TorchSharp 0.107 passes implicit temporaries whose finalizer can free them
        // while the native call still reads them when another thread allocates.
        using var decay = WeightDecay.ToScalar();
        using var momentum = Momentum.ToScalar();
        using var one = 1.ToScalar();
        var index = 0;
        foreach (var group in _groups)
        {
            using var step = (-group.LearningRate).ToScalar();
            foreach (var (_, parameter) in group.Parameters)
            {
                var grad = parameter.grad;
                if (grad is not null)
                {
                    using var scope = NewDisposeScope();
                    var d = WeightDecay != 0 ? grad.add(parameter, alpha: decay) : grad;
                    var buffer = _momentum[index];
                    if (buffer is null)
                    {
                        // Owned by the optimiser, outside every dispose scope.
                        buffer = d.clone().DetachFromDisposeScope();
                        _momentum[index] = buffer;
                    }
                    else
                    {
                        buffer.mul_(momentum).add_(d, one);
                    }

                    parameter.add_(buffer, alpha: step);
                }

                index++;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        for (var i = 0; i < _momentum.Length; i++)
        {
            _momentum[i]?.Dispose();
            _momentum[i] = null;
        }
    }

    private static DeepLabV3Plus Require(DeepLabV3Plus model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model;
    }

    private TorchSharp.Modules.Parameter ParameterAt(int index)
    {
        var offset = index;
        foreach (var group in _groups)
        {
            if (offset < group.Parameters.Count)
            {
                return group.Parameters[offset].Parameter;
            }

            offset -= group.Parameters.Count;
        }

        throw new ArgumentOutOfRangeException(nameof(index), index, $"The optimiser has {ParameterCount} parameters.");
    }
}
