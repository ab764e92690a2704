namespace SeCo.Vision.Modeling;

/// <summary>One stage (<c>layerN</c>) of a <see cref="ResNet"/>.</summary>
/// <param name="Blocks">Number of residual blocks.</param>
/// <param name="Stride">Stride of the stage's first block (and of its projection shortcut).</param>
/// <param name="Dilation">Dilation (= padding) of the 3x3 convolution of every block after the first.</param>
/// <param name="FirstBlockDilation">Dilation of the first block's 3x3 convolution; <see cref="Dilation"/> when null.
/// torchvision's <c>replace_stride_with_dilation</c> gives the first block the dilation of the stage before
/// (see <see cref="ResNetLayout.WithStrideReplacedByDilation"/>); DeepLab-v2 dilates every block alike.</param>
public sealed record ResNetStage(int Blocks, int Stride = 1, int Dilation = 1, int? FirstBlockDilation = null)
{
    /// <summary>The dilation of the first block: <see cref="FirstBlockDilation"/>, else <see cref="Dilation"/>.</summary>
    public int FirstDilation => FirstBlockDilation ?? Dilation;
}
