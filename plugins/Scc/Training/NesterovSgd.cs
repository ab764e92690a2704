using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeCo.Plugins.Scc.Training;

/// <summary>
/// PyTorch's single-tensor <c>SGD(momentum, dampening=0, weight_decay, nesterov=True)</c> over named parameter
/// groups, with the momentum buffers exposed (they are written to checkpoints in the reference layout).
/// </summary>
public sealed class NesterovSgd : IDisposable
{
    private readonly List<ParameterGroup> _groups;
    private readonly Dictionary<int, Tensor> _momentum = [];

    /// <summary>Creates the optimiser.</summary>
    public NesterovSgd(IReadOnlyList<ParameterGroup> groups, double momentum, double weightDecay)
    {
        ArgumentNullException.ThrowIfNull(groups);
        _groups = [.. groups];
        Momentum = momentum;
        WeightDecay = weightDecay;
    }

    /// <summary>Momentum factor.</summary>
    public double Momentum { get; }

    /// <summary>L2 weight decay added to every gradient.</summary>
    public double WeightDecay { get; }

    /// <summary>The parameter groups, in optimiser order (parameter index = position across groups).</summary>
    public IReadOnlyList<ParameterGroup> Groups => _groups;

    /// <summary>Momentum buffer of parameter <paramref name="index"/> (null before its first step).</summary>
    public Tensor? MomentumBuffer(int index) => _momentum.TryGetValue(index, out var buffer) ? buffer : null;

    /// <summary>Replaces the momentum buffer of parameter <paramref name="index"/> (checkpoint loading).</summary>
    public void SetMomentumBuffer(int index, Tensor buffer)
    {
        if (_momentum.Remove(index, out var old))
        {
            old.Dispose();
        }

        _momentum[index] = buffer.detach().clone().DetachFromDisposeScope();
    }

    /// <summary>Clears every parameter's gradient.</summary>
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

    /// <summary>One SGD step: <c>d = g + wd·p; buf = m·buf + d; p −= lr·(d + m·buf)</c>.</summary>
    public void Step()
    {
        using var _ = no_grad();
        // Scalars held to the end of the step (temporaries can be finalized while native code reads them).
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
                    var d = grad.add(parameter, alpha: decay);
                    if (_momentum.TryGetValue(index, out var buffer))
                    {
                        buffer.mul_(momentum).add_(d, one);
                    }
                    else
                    {
                        // Owned by the optimiser, outside every dispose scope (a caller's scope must not free it).
                        buffer = d.detach().clone().DetachFromDisposeScope();
                        _momentum[index] = buffer;
                    }

                    d = d.add(buffer, alpha: momentum);
                    parameter.add_(d, alpha: step);
                }

                index++;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var buffer in _momentum.Values)
        {
            buffer.Dispose();
        }

        _momentum.Clear();
    }

    /// <summary>A parameter group with its own (scheduled) learning rate.</summary>
    public sealed class ParameterGroup
    {
        /// <summary>Creates a group.</summary>
        public ParameterGroup(IReadOnlyList<(string Name, Parameter Parameter)> parameters, double initialLearningRate)
        {
            Parameters = parameters;
            InitialLearningRate = initialLearningRate;
            LearningRate = initialLearningRate;
        }

        /// <summary>The parameters by name.</summary>
        public IReadOnlyList<(string Name, Parameter Parameter)> Parameters { get; }

        /// <summary>The learning rate before scheduling (<c>init_lr</c>).</summary>
        public double InitialLearningRate { get; }

        /// <summary>The current learning rate.</summary>
        public double LearningRate { get; set; }
    }
}
