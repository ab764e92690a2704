using SeCo.Sdk.Errors;
using SeCo.Vision.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using SeCo.Vision.Modules;

namespace SeCo.Plugins.Scc.Modeling;

/// <summary>
/// SeCo's region classifier (<c>SCC/models/resnet.py</c>): a torchvision-layout ResNet whose stem output is
/// multiplied by the region mask (legacy-nearest resized), so features outside the region are zero.
/// Depth 18/34 use a 3x3 stride-1 stem without max-pool; depth 50/101 the 7x7/2 stem and 3x3/2 max-pool.
/// Parameter names are torchvision's (<c>conv1.weight</c>, <c>layer1.0.bn1.running_mean</c>, <c>fc.bias</c>, ...).
/// </summary>
public sealed class MaskGatedResNet : nn.Module<Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the checkpoint's parameter names.
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly MaxPool2d? maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly Linear fc;
#pragma warning restore IDE1006

    /// <summary>Creates a randomly initialised classifier (Kaiming-normal convs, BN 1/0, Xavier-normal <c>fc.weight</c>).</summary>
    /// <param name="depth">18, 34, 50 or 101.</param>
    /// <param name="numClasses">Number of classes.</param>
    /// <param name="baseChannels">Channels of the stem and layer1 (64 in the reference; layer2..4 have 2x, 4x, 8x).
    /// Smaller values are a demo/test setting: the parameter names stay torchvision's, the shapes shrink.</param>
    public MaskGatedResNet(int depth, int numClasses, int baseChannels = 64) : base(nameof(MaskGatedResNet))
    {
        var (bottleneck, blocks) = depth switch
        {
            18 => (false, new[] { 2, 2, 2, 2 }),
            34 => (false, new[] { 3, 4, 6, 3 }),
            50 => (true, new[] { 3, 4, 6, 3 }),
            101 => (true, new[] { 3, 4, 23, 3 }),
            _ => throw new ArgumentOutOfRangeException(nameof(depth), depth, "Expected a ResNet depth of 18, 34, 50 or 101."),
        };
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(baseChannels, 1);
        Depth = depth;
        BaseChannels = baseChannels;
        NumClasses = numClasses;
        if (depth >= 50)
        {
            conv1 = nn.Conv2d(3, baseChannels, 7, stride: 2, padding: 3, bias: false);
            maxpool = nn.MaxPool2d(3, stride: 2, padding: 1);
        }
        else
        {
            conv1 = nn.Conv2d(3, baseChannels, 3, stride: 1, padding: 1, bias: false);
        }

        bn1 = nn.BatchNorm2d(baseChannels);
        long inplanes = baseChannels;
        layer1 = MakeLayer(bottleneck, ref inplanes, baseChannels, blocks[0], 1);
        layer2 = MakeLayer(bottleneck, ref inplanes, 2L * baseChannels, blocks[1], 2);
        layer3 = MakeLayer(bottleneck, ref inplanes, 4L * baseChannels, blocks[2], 2);
        layer4 = MakeLayer(bottleneck, ref inplanes, 8L * baseChannels, blocks[3], 2);
        FeatureDimension = inplanes;
        fc = nn.Linear(inplanes, numClasses);
        RegisterComponents();
        Initialize();
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
        var x = nn.functional.relu(BatchNormForward.Apply(bn1, conv1.forward(images)));
        var gate = nn.functional.interpolate(masks.to_type(x.dtype), size: [x.shape[2], x.shape[3]], mode: InterpolationMode.Nearest);
        x = gate.mul(x);
        if (maxpool is not null)
        {
            x = maxpool.forward(x);
        }

        x = layer4.forward(layer3.forward(layer2.forward(layer1.forward(x))));
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

    private static Sequential MakeLayer(bool bottleneck, ref long inplanes, long planes, int count, long stride)
    {
        var expansion = bottleneck ? Bottleneck.Expansion : BasicBlock.Expansion;
        Sequential? downsample = null;
        if (stride != 1 || inplanes != planes * expansion)
        {
            downsample = nn.Sequential(
                ("0", nn.Conv2d(inplanes, planes * expansion, 1, stride: stride, bias: false)),
                ("1", nn.BatchNorm2d(planes * expansion)));
        }

        var blocks = new List<(string, nn.Module<Tensor, Tensor>)>(count);
        for (var i = 0; i < count; i++)
        {
            nn.Module<Tensor, Tensor> block = bottleneck
                ? new Bottleneck(inplanes, planes, i == 0 ? stride : 1, i == 0 ? downsample : null)
                : new BasicBlock(inplanes, planes, i == 0 ? stride : 1, i == 0 ? downsample : null);
            blocks.Add((i.ToString(System.Globalization.CultureInfo.InvariantCulture), block));
            inplanes = planes * expansion;
        }

        return nn.Sequential(blocks);
    }

    private void Initialize()
    {
        using var _ = no_grad();
        foreach (var (name, module) in named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                    break;
                case BatchNorm2d bn:
                    nn.init.ones_(bn.weight);
                    nn.init.zeros_(bn.bias);
                    break;
            }
        }

        nn.init.xavier_normal_(fc.weight);
    }
}
