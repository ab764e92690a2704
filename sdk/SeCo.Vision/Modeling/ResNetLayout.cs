namespace SeCo.Vision.Modeling;

/// <summary>
/// The shape of a <see cref="ResNet"/> trunk: block kind, stem, base width, the four stages (blocks, stride, dilation)
/// and the details in which the reference networks differ. <see cref="ForDepth"/> gives torchvision's layouts;
/// a network adjusts them with <c>with { ... }</c>:
/// <list type="bullet">
/// <item>SCC's region classifier: <c>ForDepth(d, w) with { Stem = d &lt; 50 ? Conv3x3 : Conv7x7 }</c>;</item>
/// <item>UniMatch's DeepLabV3+ backbone: <c>ForDepth(d, w) with { Stem = Deep, InPlaceActivations = true }</c>
/// <c>.WithStrideReplacedByDilation([false, false, true])</c>;</item>
/// <item>ProDA's DeepLab-v2: ResNet-101 with the stride in the 1x1 convolution, a ceil-mode max-pool and
/// <c>layer3</c>/<c>layer4</c> at stride 1, dilation 2/4.</item>
/// </list>
/// Parameter names do not depend on any of these options except the block kind and the stem: they are torchvision's
/// (<c>conv1.weight</c>, <c>bn1.running_mean</c>, <c>layer2.0.downsample.0.weight</c>, ...).
/// </summary>
public sealed record ResNetLayout
{
    /// <summary>The reference base width: 64 stem channels, <c>layer4</c> with 512 (basic) or 2048 (bottleneck) channels.</summary>
    public const int ReferenceWidth = 64;

    /// <summary>The residual block.</summary>
    public required ResNetBlockKind Block { get; init; }

    /// <summary><c>layer1</c> .. <c>layer4</c>; stage <c>i</c> (0-based) has <c>Width · 2^i</c> planes.</summary>
    public required IReadOnlyList<ResNetStage> Stages { get; init; }

    /// <summary>
    /// Base channel count: planes of the stem and of <c>layer1</c>. 64 is the reference network; smaller values give a
    /// structurally identical, cheaper network with the same parameter names (demos and tests).
    /// </summary>
    public int Width { get; init; } = ReferenceWidth;

    /// <summary>The stem.</summary>
    public ResNetStemKind Stem { get; init; } = ResNetStemKind.Conv7x7;

    /// <summary>Which bottleneck convolution carries a block's stride (ignored by basic blocks).</summary>
    public BottleneckStride BottleneckStride { get; init; } = BottleneckStride.Conv3x3;

    /// <summary>Whether the stem's max-pool rounds its output size up (<c>ceil_mode=True</c>, DeepLab-v2).</summary>
    public bool CeilModeMaxPool { get; init; }

    /// <summary>
    /// Apply the ReLUs in place (<c>relu_</c>, as <c>nn.ReLU(inplace=True)</c>) rather than into a new tensor. The values are
    /// the same; in-place saves memory traffic, out-of-place keeps each BatchNorm output.
    /// </summary>
    public bool InPlaceActivations { get; init; }

    /// <summary>Output channels of a block per plane: 1 (basic) or 4 (bottleneck).</summary>
    public int Expansion => Block == ResNetBlockKind.Basic ? 1 : 4;

    /// <summary>Channels out of the stem (<c>2 · Width</c> for the deep stem, else <see cref="Width"/>).</summary>
    public long StemChannels => Stem == ResNetStemKind.Deep ? 2L * Width : Width;

    /// <summary>torchvision's ResNet-18, -34, -50 or -101: strides 1, 2, 2, 2, no dilation, the 7x7 stem.</summary>
    /// <param name="depth">18, 34, 50 or 101.</param>
    /// <param name="width">Base channel count (<see cref="Width"/>).</param>
    public static ResNetLayout ForDepth(int depth, int width = ReferenceWidth)
    {
        var (block, blocks) = depth switch
        {
            18 => (ResNetBlockKind.Basic, new[] { 2, 2, 2, 2 }),
            34 => (ResNetBlockKind.Basic, new[] { 3, 4, 6, 3 }),
            50 => (ResNetBlockKind.Bottleneck, new[] { 3, 4, 6, 3 }),
            101 => (ResNetBlockKind.Bottleneck, new[] { 3, 4, 23, 3 }),
            _ => throw new ArgumentOutOfRangeException(nameof(depth), depth, "Expected a ResNet depth of 18, 34, 50 or 101."),
        };
        return new ResNetLayout
        {
            Block = block,
            Width = width,
            Stages = [new(blocks[0]), new(blocks[1], Stride: 2), new(blocks[2], Stride: 2), new(blocks[3], Stride: 2)],
        };
    }

    /// <summary>
    /// torchvision's <c>replace_stride_with_dilation</c>: for each of <c>layer2..layer4</c> whose flag is set, the stride
    /// becomes 1 and the dilation is multiplied by it; the first block of a stage keeps the dilation of the stage before.
    /// UniMatch uses <c>[false, false, true]</c> (output stride 16: <c>layer4</c> blocks at dilation 1, 2, 2).
    /// </summary>
    /// <param name="replace">Three flags, for <c>layer2</c>, <c>layer3</c> and <c>layer4</c>.</param>
    public ResNetLayout WithStrideReplacedByDilation(IReadOnlyList<bool> replace)
    {
        ArgumentNullException.ThrowIfNull(replace);
        if (replace.Count != 3 || Stages.Count != 4)
        {
            throw new ArgumentException("Expected three flags (layer2, layer3, layer4) for a four-stage layout.", nameof(replace));
        }

        var stages = new List<ResNetStage>(4) { Stages[0] };
        var dilation = Stages[0].Dilation;
        for (var i = 1; i < 4; i++)
        {
            var stage = Stages[i];
            var previous = dilation;
            if (replace[i - 1])
            {
                dilation *= stage.Stride;
                stages.Add(stage with { Stride = 1, Dilation = dilation, FirstBlockDilation = previous });
            }
            else
            {
                stages.Add(stage with { Dilation = dilation, FirstBlockDilation = dilation });
            }
        }

        return this with { Stages = stages };
    }

    /// <summary>Planes of stage <paramref name="stage"/> (0-based): <c>Width · 2^stage</c>.</summary>
    public long Planes(int stage) => (long)Width << stage;

    /// <summary>Output channels of stage <paramref name="stage"/> (0-based): planes times <see cref="Expansion"/>.</summary>
    public long StageChannels(int stage) => Planes(stage) * Expansion;

    /// <summary>Checks every value; throws <see cref="ArgumentException"/> naming the first bad one.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Width, 1, nameof(Width));
        if (Stages is null || Stages.Count != 4)
        {
            throw new ArgumentException("Expected four stages (layer1 .. layer4).", nameof(Stages));
        }

        foreach (var stage in Stages)
        {
            if (stage.Blocks < 1 || stage.Stride < 1 || stage.Dilation < 1 || stage.FirstDilation < 1)
            {
                throw new ArgumentException($"Every stage needs at least one block and positive strides and dilations; got {stage}.", nameof(Stages));
            }

            if (Block == ResNetBlockKind.Basic && (stage.Dilation != 1 || stage.FirstDilation != 1))
            {
                throw new ArgumentException("Basic blocks support only dilation 1 (as torchvision's BasicBlock).", nameof(Stages));
            }
        }
    }
}
