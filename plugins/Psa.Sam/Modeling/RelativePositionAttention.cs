using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.Modeling;

/// <summary>
/// Multi-head self-attention of the ViT encoder with decomposed relative positions
/// (<c>qkv</c>, <c>proj</c>, <c>rel_pos_h</c>, <c>rel_pos_w</c>). The relative-position term is added as an
/// attention bias to <c>scaled_dot_product_attention</c>.
/// </summary>
public sealed class RelativePositionAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly Parameter rel_pos_h;
    private readonly Parameter rel_pos_w;
    private readonly int _numHeads;

    /// <summary>Creates the attention for a token grid of <paramref name="inputSize"/> × <paramref name="inputSize"/>.</summary>
    public RelativePositionAttention(long dim, int numHeads, int inputSize, Device? device = null) : base(nameof(RelativePositionAttention))
    {
        _numHeads = numHeads;
        var headDim = dim / numHeads;
        qkv = nn.Linear(dim, dim * 3, hasBias: true, device: device);
        proj = nn.Linear(dim, dim, device: device);
        rel_pos_h = new Parameter(zeros(2 * inputSize - 1, headDim, device: device));
        rel_pos_w = new Parameter(zeros(2 * inputSize - 1, headDim, device: device));
        RegisterComponents();
    }

    /// <summary>Attention over a channels-last token grid <c>[B, H, W, D]</c>.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (b, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        var headDim = c / _numHeads;

        // [3, B, heads, L, hd]
        var qkvOut = qkv.forward(x).reshape(b, h * w, 3, _numHeads, headDim).permute(2, 0, 3, 1, 4);
        var q = qkvOut[0];
        var k = qkvOut[1];
        var v = qkvOut[2];

        var bias = RelativePositionBias(q, h, w); // [B, heads, L, L]
        var output = nn.functional.scaled_dot_product_attention(q, k, v, bias); // [B, heads, L, hd]
        output = output.transpose(1, 2).reshape(b, h, w, c);
        return proj.forward(output).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The decomposed relative-position term of the reference <c>add_decomposed_rel_pos</c> as a
    /// <c>[B, heads, H·W, H·W]</c> additive bias (computed from the unscaled queries).
    /// </summary>
    internal Tensor RelativePositionBias(Tensor q, long h, long w)
    {
        var (b, heads, headDim) = (q.shape[0], q.shape[1], q.shape[3]);
        var rh = RelativePositions(h, h, rel_pos_h); // [h, h, hd]
        var rw = RelativePositions(w, w, rel_pos_w); // [w, w, hd]
        var rq = q.reshape(b * heads, h, w, headDim);
        var relH = einsum("bhwc,hkc->bhwk", rq, rh).contiguous(); // [B·heads, h, w, kh]
        var relW = einsum("bhwc,wkc->bhwk", rq, rw).contiguous(); // [B·heads, h, w, kw]
        var bias = relH.unsqueeze(-1) + relW.unsqueeze(-2); // [B·heads, h, w, kh, kw]
        return bias.reshape(b, heads, h * w, h * w);
    }

    /// <summary>
    /// Relative positional embeddings for query and key sizes (reference <c>get_rel_pos</c>), resizing the
    /// table with linear interpolation when its length differs from <c>2·max(q, k) − 1</c>.
    /// </summary>
    internal static Tensor RelativePositions(long querySize, long keySize, Tensor table)
    {
        var maxRelativeDistance = 2 * Math.Max(querySize, keySize) - 1;
        var resized = table;
        if (table.shape[0] != maxRelativeDistance)
        {
            using var signal = table.reshape(1, table.shape[0], -1).permute(0, 2, 1);
            using var interpolated = nn.functional.interpolate(signal, [maxRelativeDistance], mode: InterpolationMode.Linear, align_corners: false);
            resized = interpolated.reshape(-1, maxRelativeDistance).permute(1, 0);
        }

        var queryScale = Math.Max(keySize / (double)querySize, 1.0);
        var keyScale = Math.Max(querySize / (double)keySize, 1.0);
        using var queryCoords = arange(querySize, float64, device: table.device).unsqueeze(1) * queryScale;
        using var keyCoords = arange(keySize, float64, device: table.device).unsqueeze(0) * keyScale;
        using var relative = queryCoords - keyCoords + (keySize - 1) * keyScale;
        using var index = relative.to(int64);
        return resized[index];
    }
}
