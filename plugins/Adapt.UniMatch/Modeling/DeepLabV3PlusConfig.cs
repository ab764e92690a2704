using SeCo.Vision.Modeling;

namespace SeCo.Plugins.Adapt.UniMatch.Modeling;

/// <summary>
/// The shape of a UniMatch <see cref="DeepLabV3Plus"/>: backbone depth and width, number of classes, ASPP rates
/// and which ResNet stages trade their stride for dilation (UniMatch's <c>cfg</c>: <c>backbone</c>,
/// <c>nclass</c>, <c>dilations</c>, <c>replace_stride_with_dilation</c>).
/// </summary>
public sealed record DeepLabV3PlusConfig
{
    /// <summary>The reference base width: 64 stem channels, 2048 channels out of <c>layer4</c>.</summary>
    public const int ReferenceWidth = 64;

    /// <summary>Creates a configuration.</summary>
    /// <param name="numClasses">Number of classes (19 for Cityscapes, 16 for SYNTHIA→Cityscapes).</param>
    public DeepLabV3PlusConfig(int numClasses)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        NumClasses = numClasses;
    }

    /// <summary>Number of classes (output channels of the classifier).</summary>
    public int NumClasses { get; }

    /// <summary>ResNet depth: 50 (3, 4, 6, 3 bottlenecks) or 101 (3, 4, 23, 3).</summary>
    public int Depth { get; init; } = 101;

    /// <summary>
    /// Base channel count: 64 is UniMatch's network. Every channel count scales with it (stem <c>w, w, 2w</c>,
    /// stages <c>4w..32w</c>, ASPP <c>4w</c>, low-level reduction <c>3w/4</c>, fuse <c>4w</c>); a positive multiple of 4.
    /// </summary>
    public int BaseWidth { get; init; } = ReferenceWidth;

    /// <summary>Dilations (= paddings) of the three 3x3 ASPP branches; UniMatch uses <c>[6, 12, 18]</c>.</summary>
    public IReadOnlyList<int> Dilations { get; init; } = [6, 12, 18];

    /// <summary>
    /// For <c>layer2..layer4</c>: replace the stride 2 by dilation (torchvision's <c>replace_stride_with_dilation</c>);
    /// UniMatch uses <c>[false, false, true]</c> (output stride 16).
    /// </summary>
    public IReadOnlyList<bool> ReplaceStrideWithDilation { get; init; } = [false, false, true];

    /// <summary>UniMatch's DeepLabV3+ with ResNet-101 (SeCo's adaptation model, 59.5M parameters for 19 classes).</summary>
    public static DeepLabV3PlusConfig ResNet101(int numClasses) => new(numClasses);

    /// <summary>UniMatch's DeepLabV3+ with ResNet-50.</summary>
    public static DeepLabV3PlusConfig ResNet50(int numClasses) => new(numClasses) { Depth = 50 };

    /// <summary>
    /// A structurally identical ResNet-50 network with base width 8 (about 0.64M parameters for 19 classes), for tests and the demo
    /// pipeline, which train a few UniMatch iterations at 128-256 px crops on a CPU.
    /// </summary>
    public static DeepLabV3PlusConfig Tiny(int numClasses) => new(numClasses) { Depth = 50, BaseWidth = 8 };

    /// <summary>The configuration of a backbone name as the stages' <c>backbone</c> option spells it.</summary>
    /// <param name="backbone"><c>resnet101</c>, <c>resnet50</c>, <c>small</c> (width 16) or <c>tiny</c>.</param>
    /// <param name="numClasses">Number of classes.</param>
    public static DeepLabV3PlusConfig ForBackbone(string backbone, int numClasses) => backbone switch
    {
        "tiny" => Tiny(numClasses),
        "small" => new(numClasses) { Depth = 50, BaseWidth = 16 },
        "tinyOs8" => Tiny(numClasses) with { ReplaceStrideWithDilation = [false, true, true], Dilations = [3, 6, 9] },
        "resnet50" => ResNet50(numClasses),
        "resnet101" => ResNet101(numClasses),
        _ => throw new ArgumentOutOfRangeException(nameof(backbone), backbone, "Expected resnet101, resnet50, small, tiny or tinyOs8."),
    };

    /// <summary>
    /// The backbone's <see cref="ResNetLayout"/>: torchvision's ResNet-<see cref="Depth"/> at <see cref="BaseWidth"/> with
    /// the deep stem, in-place ReLUs and <see cref="ReplaceStrideWithDilation"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A value is out of range (<see cref="Validate"/>).</exception>
    public ResNetLayout BackboneLayout
    {
        get
        {
            Validate();
            return (ResNetLayout.ForDepth(Depth, BaseWidth) with { Stem = ResNetStemKind.Deep, InPlaceActivations = true })
                .WithStrideReplacedByDilation(ReplaceStrideWithDilation);
        }
    }

    /// <summary>Checks every value; throws <see cref="ArgumentException"/> describing the first bad one.</summary>
    public void Validate()
    {
        if (Depth is not (50 or 101))
        {
            throw new ArgumentOutOfRangeException(nameof(Depth), Depth, "Expected a ResNet depth of 50 or 101.");
        }

        if (BaseWidth < 4 || BaseWidth % 4 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(BaseWidth), BaseWidth, "The base width must be a positive multiple of 4.");
        }

        if (Dilations is null || Dilations.Count != 3 || Dilations.Any(d => d < 1))
        {
            throw new ArgumentException("Expected three positive ASPP dilations, e.g. [6, 12, 18].", nameof(Dilations));
        }

        if (ReplaceStrideWithDilation is null || ReplaceStrideWithDilation.Count != 3)
        {
            throw new ArgumentException("Expected three flags (layer2, layer3, layer4), e.g. [false, false, true].", nameof(ReplaceStrideWithDilation));
        }
    }
}
