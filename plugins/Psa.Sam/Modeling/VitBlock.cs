using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.Modeling;

/// <summary>
/// One pre-norm transformer block of the ViT encoder (<c>norm1</c>, <c>attn</c>, <c>norm2</c>, <c>mlp</c>),
/// attending within zero-padded windows or globally.
/// </summary>
public sealed class VitBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly RelativePositionAttention attn;
    private readonly LayerNorm norm2;
    private readonly MlpBlock mlp;
    private readonly int _windowSize;

    /// <summary>Creates a block; <paramref name="windowSize"/> 0 means global attention over the whole grid.</summary>
    public VitBlock(long dim, int numHeads, double mlpRatio, int windowSize, int gridSize, Device? device = null) : base(nameof(VitBlock))
    {
        norm1 = nn.LayerNorm(dim, eps: 1e-6, device: device);
        attn = new RelativePositionAttention(dim, numHeads, windowSize == 0 ? gridSize : windowSize, device);
        norm2 = nn.LayerNorm(dim, eps: 1e-6, device: device);
        mlp = new MlpBlock(dim, (long)(dim * mlpRatio), gelu: true, device);
        _windowSize = windowSize;
        RegisterComponents();
    }

    /// <summary>Whether the block attends globally.</summary>
    public bool IsGlobal => _windowSize == 0;

    /// <summary>Forward over a channels-last token grid <c>[B, H, W, D]</c>.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (h, w) = (x.shape[1], x.shape[2]);
        var normed = norm1.forward(x);
        Tensor attended;
        if (_windowSize > 0)
        {
            var (windows, paddedH, paddedW) = PartitionWindows(normed, _windowSize); // [B·nW, ws, ws, D]
            normed.Dispose();
            using var windowOut = attn.forward(windows);
            windows.Dispose();
            attended = UnpartitionWindows(windowOut, _windowSize, paddedH, paddedW, h, w); // [B, H, W, D]
        }
        else
        {
            attended = attn.forward(normed);
            normed.Dispose();
        }

        var residual = x + attended;
        attended.Dispose();
        using var normed2 = norm2.forward(residual);
        using var mlpOut = mlp.forward(normed2);
        return residual.add_(mlpOut).MoveToOuterDisposeScope();
    }

    /// <summary>Zero-pads bottom/right to multiples of the window and cuts row-major windows.</summary>
    internal static (Tensor Windows, long PaddedH, long PaddedW) PartitionWindows(Tensor x, int windowSize)
    {
        var (b, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        var padH = (windowSize - h % windowSize) % windowSize;
        var padW = (windowSize - w % windowSize) % windowSize;
        using var padded = padH > 0 || padW > 0 ? nn.functional.pad(x, [0, 0, 0, padW, 0, padH]) : x.alias();
        var (hp, wp) = (h + padH, w + padW);
        var windows = padded.view(b, hp / windowSize, windowSize, wp / windowSize, windowSize, c)
            .permute(0, 1, 3, 2, 4, 5).contiguous().view(-1, windowSize, windowSize, c);
        return (windows, hp, wp);
    }

    /// <summary>Reassembles windows into the padded grid and crops back to <c>H × W</c>.</summary>
    internal static Tensor UnpartitionWindows(Tensor windows, int windowSize, long paddedH, long paddedW, long h, long w)
    {
        var b = windows.shape[0] / (paddedH * paddedW / windowSize / windowSize);
        using var grid = windows.view(b, paddedH / windowSize, paddedW / windowSize, windowSize, windowSize, -1)
            .permute(0, 1, 3, 2, 4, 5).contiguous().view(b, paddedH, paddedW, -1);
        return paddedH > h || paddedW > w ? grid[.., ..(int)h, ..(int)w, ..].contiguous() : grid.alias();
    }
}
