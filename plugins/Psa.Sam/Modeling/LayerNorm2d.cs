using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.Modeling;

/// <summary>LayerNorm over the channel axis of an NCHW tensor (biased variance), as in the reference.</summary>
public sealed class LayerNorm2d : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly double _eps;

    /// <summary>Creates the norm with unit weight and zero bias.</summary>
    public LayerNorm2d(long channels, double eps = 1e-6, Device? device = null) : base(nameof(LayerNorm2d))
    {
        weight = new Parameter(ones(channels, device: device));
        bias = new Parameter(zeros(channels, device: device));
        _eps = eps;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var u = x.mean([1], keepdim: true);
        var centered = x - u;
        var s = centered.pow(2).mean([1], keepdim: true);
        var normalized = centered / (s + _eps).sqrt();
        return (weight[.., TensorIndex.None, TensorIndex.None] * normalized + bias[.., TensorIndex.None, TensorIndex.None]).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The same normalisation for channels-last input <c>[..., C]</c> (channels in the last, contiguous dimension),
    /// as the mask decoder's token-major upscaling produces it; same formula, reduced over the last dimension.
    /// </summary>
    public Tensor ForwardChannelsLast(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        var u = x.mean([-1], keepdim: true);
        var centered = x - u;
        var s = centered.pow(2).mean([-1], keepdim: true);
        var normalized = centered.div_((s.add_(_eps)).sqrt_());
        return normalized.mul_(weight).add_(bias).MoveToOuterDisposeScope();
    }
}
