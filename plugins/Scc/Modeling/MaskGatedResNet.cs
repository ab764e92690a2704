using SeCo.Sdk.Errors;
using SeCo.Vision.Checkpoints;
using SeCo.Vision.Modeling;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeCo.Plugins.Scc.Modeling;

/// <summary>
/// SeCo's region classifier (<c>SCC/models/resnet.py</c>): a torchvision-layout <see cref="ResNet"/> whose stem output is
/// multiplied by the region mask (legacy-nearest resized) before the max-pool, so features outside the region are zero,
/// then global average pooling and <c>fc</c>. Depth 18/34 use a 3x3 stride-1 stem without max-pool; depth 50/101 the
/// 7x7/2 stem and 3x3/2 max-pool. Parameter names are torchvision's (<c>conv1.weight</c>, <c>layer1.0.bn1.running_mean</c>,
/// <c>fc.bias</c>, ...).
/// </summary>
public sealed class MaskGatedResNet : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ResNet _trunk; // not a module: its conv1, bn1, maxpool, layer1..4 are registered on this network
#pragma warning disable IDE1006 // Field names are the checkpoint's parameter names.
    private readonly Linear fc;
#pragma warning restore IDE1006

    /// <summary>Creates a randomly initialised classifier (Kaiming-normal convs, BN 1/0, Xavier-normal <c>fc.weight</c>).</summary>
    /// <param name="depth">18, 34, 50 or 101.</param>
    /// <param name="numClasses">Number of classes.</param>
    /// <param name="baseChannels">Channels of the stem and layer1 (64 in the reference; layer2..4 have 2x, 4x, 8x).
    /// Smaller values are a demo/test setting: the parameter names stay torchvision's, the shapes shrink.</param>
    public MaskGatedResNet(int depth, int numClasses, int baseChannels = 64) : base(nameof(MaskGatedResNet))
    {
        var layout = ResNetLayout.ForDepth(depth, baseChannels) with { Stem = depth >= 50 ? ResNetStemKind.Conv7x7 : ResNetStemKind.Conv3x3 };
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(baseChannels, 1);
        Depth = depth;
        BaseChannels = baseChannels;
        NumClasses = numClasses;
        _trunk = new ResNet(layout);
        _trunk.RegisterIn(this);
        FeatureDimension = _trunk.OutChannels;
        fc = nn.Linear(FeatureDimension, numClasses);
        RegisterComponents();
        ResNet.InitializeWeights(this);
        using (no_grad())
        {
            nn.init.xavier_normal_(fc.weight);
        }
    }

    /// <summary>The ResNet depth.</summary>
    public int Depth { get; }

    /// <summary>Channels of the stem and layer1 (64 = the reference network).</summary>
    public int BaseChannels { get; }

    /// <summary>Number of output classes.</summary>
    public int NumClasses { get; }

    /// <summary>Width of the pooled feature vector (512 or 2048 at 64 base channels).</summary>
    public long FeatureDimension { get; }

    /// <summary>Logits (B x C) for images (B x 3 x H x W) and region masks (B x 1 x H x W, any numeric type).</summary>
    public override Tensor forward(Tensor images, Tensor masks) => Forward(images, masks, out _, keepFeatures: false);

    /// <summary>Logits and the pooled features (the reference's <c>req_feat=True</c>).</summary>
    public Tensor Forward(Tensor images, Tensor masks, out Tensor? features, bool keepFeatures = true)
    {
        using var scope = NewDisposeScope();
        var x = _trunk.Forward(images, stem => nn.functional.interpolate(masks.to_type(stem.dtype), size: [stem.shape[2], stem.shape[3]], mode: InterpolationMode.Nearest).mul(stem));
        var pooled = x.mean([2, 3]);
        var logits = fc.forward(pooled);
        features = keepFeatures ? pooled.MoveToOuterDisposeScope() : null;
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Loads a torchvision ImageNet state dict (<c>resnet{depth}.pth</c>) non-strictly: the 1000-way <c>fc</c> is
    /// dropped and a stem that does not fit (the 3x3 stem of depth 18/34) is skipped, as the reference does.
    /// </summary>
    /// <returns>What was loaded and what was skipped.</returns>
    public StateDictLoadResult LoadImageNet(string path)
    {
        var state = Pth.Load(path, stripModulePrefix: true);
        try
        {
            var kept = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var (key, value) in state)
            {
                if (!key.StartsWith("fc.", StringComparison.Ordinal))
                {
                    kept[key] = value;
                }
            }

            var result = StateDictLoader.Load(this, kept, strict: false, path);
            if (result.MissingKeys.Count > 0 && result.MissingKeys.Any(k => !k.StartsWith("fc.", StringComparison.Ordinal)))
            {
                throw new SeCoInputException(path,
                    $"ImageNet weights lack {result.MissingKeys.Count} backbone key(s) ({string.Join(", ", result.MissingKeys.Take(5))}); expected a torchvision resnet{Depth} state dict.");
            }

            return result;
        }
        finally
        {
            foreach (var tensor in state.Values)
            {
                tensor.Dispose();
            }
        }
    }
}
