namespace SeCo.Vision.Modeling;

/// <summary>The stem of a <see cref="ResNet"/>: what runs before <c>layer1</c>.</summary>
public enum ResNetStemKind
{
    /// <summary><c>conv1</c> = one 3x3 stride-1 convolution, no max-pool (SCC's ResNet-18/34 on small patches).</summary>
    Conv3x3,

    /// <summary><c>conv1</c> = one 7x7 stride-2 convolution, then a 3x3/2 max-pool (torchvision, DeepLab-v2).</summary>
    Conv7x7,

    /// <summary>
    /// "ResNet-C": <c>conv1</c> = a sequence of three 3x3 convolutions (<c>3→w</c> stride 2, <c>w→w</c>, <c>w→2w</c>) with
    /// BatchNorm and ReLU between them (keys <c>conv1.0</c>, <c>conv1.1</c>, <c>conv1.3</c>, <c>conv1.4</c>, <c>conv1.6</c>),
    /// <c>bn1</c> over <c>2w</c> channels, then a 3x3/2 max-pool (UniMatch's backbone).
    /// </summary>
    Deep,
}
