using SeCo.Vision.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Vision.Optimization;

/// <summary>
/// PyTorch's single-tensor <c>torch.optim.SGD</c> (momentum, dampening, weight decay, Nesterov) over named parameter
/// groups with their own learning rates, the momentum buffers exposed by parameter index across the groups (PyTorch's
/// <c>state[i]['momentum_buffer']</c>), so checkpoints keep PyTorch's optimiser layout (<see cref="StateDict"/>).
/// </summary>
/// <remarks>
/// Per parameter with a gradient <c>g</c>: <c>d = g + wd·p</c> (when <c>wd ≠ 0</c>); with momentum, <c>buf = d</c> on the
/// first step, else <c>buf = m·buf + (1 − dampening)·d</c>, and <c>d = d + m·buf</c> (Nesterov) or <c>d = buf</c>;
/// then <c>p −= lr·d</c>. Weight decay applies to every parameter, BatchNorm and biases included, as in PyTorch.
/// The arithmetic is TorchSharp's <c>optim.SGD</c>'s, op for op; this class exists because that one hands libtorch
/// temporary <c>Scalar</c>s that a finalizer can free mid-call when another thread allocates (TorchSharp 0.107, seen
/// as "toFloat" crashes in long training runs), and does not expose its buffers by index. Every Scalar here is held
/// for the whole step.
/// </remarks>
public sealed class Sgd : IDisposable
{
    private readonly SgdParameterGroup[] _groups;
    private readonly Tensor?[] _momentum;

    /// <summary>Creates the optimiser; each group starts at <c>learningRate · group.LearningRateFactor</c>.</summary>
    /// <param name="groups">The parameter groups in optimiser order.</param>
    /// <param name="learningRate">The base learning rate (<see cref="BaseLearningRate"/>).</param>
    /// <param name="momentum">Momentum factor (0 = plain SGD, no buffers).</param>
    /// <param name="weightDecay">L2 weight decay added to every gradient.</param>
    /// <param name="nesterov">Nesterov momentum.</param>
    /// <param name="dampening">Dampening of the momentum update.</param>
    public Sgd(IReadOnlyList<SgdParameterGroup> groups, double learningRate, double momentum = 0, double weightDecay = 0,
        bool nesterov = false, double dampening = 0)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentOutOfRangeException.ThrowIfNegative(learningRate);
        ArgumentOutOfRangeException.ThrowIfNegative(momentum);
        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0))
        {
            throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening (as torch.optim.SGD).", nameof(nesterov));
        }

        _groups = [.. groups];
        foreach (var group in _groups)
        {
            ArgumentNullException.ThrowIfNull(group, nameof(groups));
            group.InitialLearningRate = learningRate * group.LearningRateFactor;
            group.LearningRate = group.InitialLearningRate;
        }

        _momentum = new Tensor?[_groups.Sum(g => g.Parameters.Count)];
        BaseLearningRate = learningRate;
        Momentum = momentum;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        Dampening = dampening;
    }

    /// <summary>The base learning rate, before group factors and schedules.</summary>
    public double BaseLearningRate { get; }

    /// <summary>Momentum factor.</summary>
    public double Momentum { get; }

    /// <summary>L2 weight decay added to every gradient.</summary>
    public double WeightDecay { get; }

    /// <summary>Whether the step uses Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <summary>Dampening of the momentum update.</summary>
    public double Dampening { get; }

    /// <summary>The groups in optimiser order.</summary>
    public IReadOnlyList<SgdParameterGroup> Groups => _groups;

    /// <summary>Number of parameters over all groups (the length of PyTorch's <c>state</c> indices).</summary>
    public int ParameterCount => _momentum.Length;

    /// <summary>Momentum buffer of parameter <paramref name="index"/> (across groups), or <see langword="null"/> before its first step.</summary>
    public Tensor? MomentumBuffer(int index) => _momentum[index];

    /// <summary>Replaces the momentum buffer of parameter <paramref name="index"/> with a copy of <paramref name="buffer"/> (resuming).</summary>
    /// <exception cref="ArgumentException">The buffer's shape is not the parameter's.</exception>
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

    /// <summary>Sets every group's learning rate to <c><paramref name="learningRate"/> · group.LearningRateFactor</c>.</summary>
    public void SetLearningRate(double learningRate)
    {
        foreach (var group in _groups)
        {
            group.LearningRate = learningRate * group.LearningRateFactor;
        }
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
        using var keep = (1 - Dampening).ToScalar();
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
                    if (Momentum != 0)
                    {
                        var buffer = _momentum[index];
                        if (buffer is null)
                        {
                            // Owned by the optimiser, outside every dispose scope.
                            buffer = d.clone().DetachFromDisposeScope();
                            _momentum[index] = buffer;
                        }
                        else
                        {
                            buffer.mul_(momentum).add_(d, keep);
                        }

                        d = Nesterov ? d.add(buffer, alpha: momentum) : buffer;
                    }

                    parameter.add_(d, alpha: step);
                }

                index++;
            }
        }
    }

    /// <summary>
    /// The optimiser's <c>state_dict()</c> in PyTorch's layout (<see cref="SgdStateDict"/>): every group's hyper-parameters
    /// and current learning rate, <paramref name="extra"/> keys per group (e.g. <c>init_lr</c>), and the momentum buffers
    /// copied to the CPU (in the caller's dispose scope).
    /// </summary>
    public PickleDict StateDict(Func<SgdParameterGroup, IReadOnlyDictionary<string, object?>>? extra = null)
    {
        var groups = new List<SgdParamGroup>(_groups.Length);
        foreach (var group in _groups)
        {
            groups.Add(new SgdParamGroup
            {
                LearningRate = group.LearningRate,
                Momentum = Momentum,
                Dampening = Dampening,
                WeightDecay = WeightDecay,
                Nesterov = Nesterov,
                ParameterCount = group.Parameters.Count,
                Extra = extra?.Invoke(group) ?? new Dictionary<string, object?>(),
            });
        }

        var buffers = new Dictionary<int, Tensor>();
        for (var i = 0; i < _momentum.Length; i++)
        {
            if (_momentum[i] is { } buffer)
            {
                buffers[i] = buffer.detach().cpu();
            }
        }

        return SgdStateDict.Build(groups, buffers);
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

    private TorchSharp.Modules.Parameter ParameterAt(int index)
    {
        var offset = index;
        foreach (var group in _groups)
        {
            if (offset >= 0 && offset < group.Parameters.Count)
            {
                return group.Parameters[offset].Parameter;
            }

            offset -= group.Parameters.Count;
        }

        throw new ArgumentOutOfRangeException(nameof(index), index, $"The optimiser has {ParameterCount} parameters.");
    }
}
