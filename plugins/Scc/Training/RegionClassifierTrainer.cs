using SeCo.Plugins.Scc.Modeling;
using SeCo.Vision.Optimization;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Plugins.Scc.Training;

/// <summary>
/// One iteration of <c>train_src.py</c>: schedule both learning-rate groups with <c>(1 + 10·it/T)^−0.75</c>,
/// forward in train mode, smoothed cross-entropy, backward, Nesterov SGD step. Parameters whose name contains
/// <c>"fc"</c> train at the base rate, all others at a tenth of it.
/// </summary>
public sealed class RegionClassifierTrainer : IDisposable
{
    private readonly MaskGatedResNet _model;

    /// <summary>Creates the trainer and its optimiser.</summary>
    /// <param name="model">The classifier.</param>
    /// <param name="totalIterations">T of the schedule.</param>
    /// <param name="baseLearningRate">Head learning rate (0.01); the backbone gets a tenth.</param>
    /// <param name="momentum">SGD momentum (0.9).</param>
    /// <param name="weightDecay">Weight decay (1e-3).</param>
    /// <param name="labelSmoothing">ε of the smoothed targets (0.1).</param>
    public RegionClassifierTrainer(MaskGatedResNet model, int totalIterations, double baseLearningRate = 0.01,
        double momentum = 0.9, double weightDecay = 1e-3, double labelSmoothing = 0.1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalIterations, 1);
        _model = model;
        TotalIterations = totalIterations;
        LabelSmoothing = labelSmoothing;
        var backbone = new List<(string, TorchSharp.Modules.Parameter)>();
        var head = new List<(string, TorchSharp.Modules.Parameter)>();
        foreach (var (name, parameter) in model.named_parameters())
        {
            (name.Contains("fc", StringComparison.Ordinal) ? head : backbone).Add((name, parameter));
        }

        Optimizer = new Sgd([new SgdParameterGroup(backbone, 0.1), new SgdParameterGroup(head)], baseLearningRate, momentum, weightDecay, nesterov: true);
    }

    /// <summary>T of the schedule.</summary>
    public int TotalIterations { get; }

    /// <summary>The classifier being trained.</summary>
    public MaskGatedResNet Model => _model;

    /// <summary>ε of the smoothed targets.</summary>
    public double LabelSmoothing { get; }

    /// <summary>The optimiser (its momentum buffers go into checkpoints).</summary>
    public Sgd Optimizer { get; }

    /// <summary>The schedule factor <c>(1 + 10·it/T)^−0.75</c>.</summary>
    public static double DecayFactor(int iteration, int totalIterations) => Math.Pow(1 + 10.0 * iteration / totalIterations, -0.75);

    /// <summary>Runs iteration <paramref name="iteration"/> (1-based) on one batch and returns the loss.</summary>
    /// <param name="iteration">1-based iteration number (drives the schedule).</param>
    /// <param name="images">B x 3 x H x W.</param>
    /// <param name="masks">B x 1 x H x W.</param>
    /// <param name="labels">B noisy labels.</param>
    public float Step(int iteration, Tensor images, Tensor masks, Tensor labels)
    {
        foreach (var group in Optimizer.Groups)
        {
            group.LearningRate = group.InitialLearningRate * DecayFactor(iteration, TotalIterations);
        }

        using var scope = NewDisposeScope();
        _model.train();
        Optimizer.ZeroGrad();
        var logits = _model.forward(images, masks);
        var targets = SmoothCrossEntropy.Targets(labels, _model.NumClasses, LabelSmoothing);
        var loss = SmoothCrossEntropy.Loss(logits, targets);
        loss.backward();
        Optimizer.Step();
        return loss.item<float>();
    }

    /// <inheritdoc/>
    public void Dispose() => Optimizer.Dispose();
}
