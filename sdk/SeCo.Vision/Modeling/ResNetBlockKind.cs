namespace SeCo.Vision.Modeling;

/// <summary>The residual block of a <see cref="ResNet"/> (torchvision's <c>BasicBlock</c> or <c>Bottleneck</c>).</summary>
public enum ResNetBlockKind
{
    /// <summary>Two 3x3 convolutions, expansion 1 (ResNet-18/34).</summary>
    Basic,

    /// <summary>1x1 → 3x3 → 1x1 convolutions, expansion 4 (ResNet-50/101).</summary>
    Bottleneck,
}
