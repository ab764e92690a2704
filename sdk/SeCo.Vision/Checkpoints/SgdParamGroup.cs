namespace SeCo.Vision.Checkpoints;

/// <summary>
/// One parameter group of PyTorch's <c>torch.optim.SGD</c> as <c>optimizer.state_dict()["param_groups"]</c> holds it:
/// the hyper-parameters, extra keys a training script added (e.g. <c>init_lr</c>), and how many parameters it has.
/// </summary>
public sealed class SgdParamGroup
{
    /// <summary>The current learning rate (<c>lr</c>).</summary>
    public required double LearningRate { get; init; }

    /// <summary><c>momentum</c>.</summary>
    public double Momentum { get; init; }

    /// <summary><c>dampening</c>.</summary>
    public double Dampening { get; init; }

    /// <summary><c>weight_decay</c>.</summary>
    public double WeightDecay { get; init; }

    /// <summary><c>nesterov</c>.</summary>
    public bool Nesterov { get; init; }

    /// <summary><c>maximize</c>.</summary>
    public bool Maximize { get; init; }

    /// <summary>How many parameters the group holds; the state dict numbers them consecutively across groups.</summary>
    public required int ParameterCount { get; init; }

    /// <summary>Further keys of the group, written after PyTorch's own and before <c>params</c> (e.g. <c>init_lr</c>).</summary>
    public IReadOnlyDictionary<string, object?> Extra { get; init; } = new Dictionary<string, object?>();
}
