using SeCo.Vision.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeCo.Vision.Modeling;

/// <summary>
/// The modules of a ResNet trunk built from a <see cref="ResNetLayout"/>: the stem (<c>conv1</c>, <c>bn1</c>, an optional
/// <c>maxpool</c>) and the stages <c>layer1</c> .. <c>layer4</c> of <see cref="ResNetBlock"/>s, and their forward pass.
/// </summary>
/// <remarks>
/// It is not itself a module: the network that owns it registers the modules on itself with <see cref="RegisterIn"/>,
/// so their parameter names are the network's own top-level keys (<c>conv1.weight</c>, <c>layer1.0.bn1.weight</c>, ...,
/// or <c>backbone.conv1.0.weight</c> when the owner is itself a <c>backbone</c> submodule), exactly as the reference
/// checkpoints spell them. Keep it in a field whose type is not a module (TorchSharp registers module fields itself).
/// </remarks>
public sealed class ResNet
{
    private readonly nn.Module<Tensor, Tensor> _conv1;
    private readonly BatchNorm2d _bn1;
    private readonly MaxPool2d? _maxpool;
    private readonly Sequential[] _layers;

    /// <summary>Creates the modules, with PyTorch's default initialisation (see <see cref="InitializeWeights"/>), in key order.</summary>
    public ResNet(ResNetLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        layout.Validate();
        Layout = layout;
        long w = layout.Width;
        switch (layout.Stem)
        {
            case ResNetStemKind.Conv3x3:
                _conv1 = nn.Conv2d(3, w, 3, stride: 1, padding: 1, bias: false);
                break;
            case ResNetStemKind.Conv7x7:
                _conv1 = nn.Conv2d(3, w, 7, stride: 2, padding: 3, bias: false);
                break;
            case ResNetStemKind.Deep:
                _conv1 = nn.Sequential(
                    nn.Conv2d(3, w, kernel_size: 3, stride: 2, padding: 1, bias: false),
                    nn.BatchNorm2d(w),
                    nn.ReLU(inplace: true),
                    nn.Conv2d(w, w, kernel_size: 3, stride: 1, padding: 1, bias: false),
                    nn.BatchNorm2d(w),
                    nn.ReLU(inplace: true),
                    nn.Conv2d(w, 2 * w, kernel_size: 3, stride: 1, padding: 1, bias: false));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(layout), layout.Stem, "Unknown stem.");
        }

        _bn1 = nn.BatchNorm2d(layout.StemChannels);
        if (layout.Stem != ResNetStemKind.Conv3x3)
        {
            _maxpool = nn.MaxPool2d(kernel_size: 3, stride: 2, padding: 1, ceil_mode: layout.CeilModeMaxPool);
        }

        var inplanes = layout.StemChannels;
        _layers = new Sequential[layout.Stages.Count];
        for (var i = 0; i < _layers.Length; i++)
        {
            _layers[i] = MakeStage(layout, layout.Stages[i], layout.Planes(i), ref inplanes);
        }

        OutChannels = inplanes;
    }

    /// <summary>The layout the trunk was built from.</summary>
    public ResNetLayout Layout { get; }

    /// <summary>Channels out of <c>layer4</c> (2048 for a reference-width bottleneck ResNet).</summary>
    public long OutChannels { get; }

    /// <summary><c>layer1</c> .. <c>layer4</c>.</summary>
    public IReadOnlyList<Sequential> Layers => _layers;

    /// <summary>
    /// Registers <c>conv1</c>, <c>bn1</c>, <c>maxpool</c> (when the stem has one) and <c>layer1</c> .. <c>layer4</c> on
    /// <paramref name="owner"/>, in that order (the order of its <c>state_dict()</c> and <c>named_modules()</c>). Call it
    /// before the owner registers its other modules.
    /// </summary>
    public void RegisterIn(nn.Module owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        owner.register_module("conv1", _conv1);
        owner.register_module("bn1", _bn1);
        if (_maxpool is not null)
        {
            owner.register_module("maxpool", _maxpool);
        }

        for (var i = 0; i < _layers.Length; i++)
        {
            owner.register_module("layer" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), _layers[i]);
        }
    }

    /// <summary>
    /// The stem: <c>conv1</c>, <c>bn1</c>, ReLU, then <paramref name="gate"/> (when given) and the max-pool (when the stem
    /// has one). SCC's mask gating is the gate: it multiplies the stem features by the region mask before pooling.
    /// </summary>
    /// <returns>A tensor in the caller's dispose scope.</returns>
    public Tensor Stem(Tensor images, Func<Tensor, Tensor>? gate = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        var x = _conv1 is Sequential deep ? BatchNormForward.Sequence(deep, images, disposeIntermediates: true) : _conv1.forward(images);
        x = ResNetBlock.Relu(ResNetBlock.Consume(x, t => BatchNormForward.Apply(_bn1, t)), Layout.InPlaceActivations);
        if (gate is not null)
        {
            x = ResNetBlock.Consume(x, gate);
        }

        return _maxpool is null ? x : ResNetBlock.Consume(x, _maxpool.forward);
    }

    /// <summary>The stem (with <paramref name="gate"/>) and the four stages: <c>layer4</c>'s output.</summary>
    /// <returns>A tensor in the caller's dispose scope.</returns>
    public Tensor Forward(Tensor images, Func<Tensor, Tensor>? gate = null)
    {
        // Each block's input is disposed once the block has run, so a stage holds one activation at a time (as Python).
        var x = Stem(images, gate);
        foreach (var layer in _layers)
        {
            foreach (var block in layer.children())
            {
                x = ResNetBlock.Consume(x, ((nn.Module<Tensor, Tensor>)block).forward);
            }
        }

        return x;
    }

    /// <summary>
    /// torchvision's ResNet initialisation over every module of <paramref name="network"/> (in <c>modules()</c> order):
    /// convolutions Kaiming-normal (fan-out, ReLU), BatchNorm weight 1 and bias 0. Other modules keep their weights.
    /// Draws from torch's default generator.
    /// </summary>
    public static void InitializeWeights(nn.Module network)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var noGrad = no_grad();
        foreach (var module in network.modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                    break;
                case BatchNorm2d norm:
                    norm.weight!.fill_(1);
                    norm.bias!.zero_();
                    break;
            }
        }
    }

    private static Sequential MakeStage(ResNetLayout layout, ResNetStage stage, long planes, ref long inplanes)
    {
        var outplanes = planes * layout.Expansion;
        var blocks = new nn.Module<Tensor, Tensor>[stage.Blocks];
        var withDownsample = stage.Stride != 1 || inplanes != outplanes;
        blocks[0] = new ResNetBlock(layout.Block, inplanes, planes, stage.Stride, stage.FirstDilation, withDownsample, layout.BottleneckStride, layout.InPlaceActivations);
        inplanes = outplanes;
        for (var i = 1; i < blocks.Length; i++)
        {
            blocks[i] = new ResNetBlock(layout.Block, inplanes, planes, 1, stage.Dilation, withDownsample: false, layout.BottleneckStride, layout.InPlaceActivations);
        }

        return nn.Sequential(blocks);
    }
}
