using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.Prompting;

/// <summary>
/// Masks predicted by <see cref="SamPredictor"/>. For a single prompt the batch axis is dropped
/// (<c>[C, H, W]</c>, <c>[C]</c>, <c>[C, 4h, 4w]</c>); for batched prompts it is kept. Owns its tensors.
/// </summary>
public sealed class SamPrediction : IDisposable
{
    /// <summary>Wraps the three result tensors (takes ownership).</summary>
    public SamPrediction(Tensor masks, Tensor iouPredictions, Tensor lowResLogits)
    {
        Masks = masks;
        IouPredictions = iouPredictions;
        LowResLogits = lowResLogits;
    }

    /// <summary>Masks at original resolution: bool, or float logits when requested.</summary>
    public Tensor Masks { get; }

    /// <summary>The model's IoU estimate per mask.</summary>
    public Tensor IouPredictions { get; }

    /// <summary>Low-resolution logits per mask, usable as a later <see cref="SamPrompt.MaskInput"/>.</summary>
    public Tensor LowResLogits { get; }

    /// <summary>Moves the three tensors to the dispose scope enclosing the current one.</summary>
    public SamPrediction MoveToOuterDisposeScope()
    {
        Masks.MoveToOuterDisposeScope();
        IouPredictions.MoveToOuterDisposeScope();
        LowResLogits.MoveToOuterDisposeScope();
        return this;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Masks.Dispose();
        IouPredictions.Dispose();
        LowResLogits.Dispose();
    }
}
