namespace SeCo.Vision.Modeling;

/// <summary>Which convolution of a bottleneck carries the stride of a strided block.</summary>
public enum BottleneckStride
{
    /// <summary>The 3x3 <c>conv2</c> (torchvision's "ResNet v1.5").</summary>
    Conv3x3,

    /// <summary>The first 1x1 <c>conv1</c> (the original Caffe ResNet, DeepLab-v2 / ProDA).</summary>
    Conv1x1,
}
