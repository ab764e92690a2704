using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.Modeling;

/// <summary>
/// The decoder's attention with optional channel downsampling (<c>q_proj</c>, <c>k_proj</c>, <c>v_proj</c>,
/// <c>out_proj</c>): queries <c>[B, Nq, C]</c> attend to keys/values <c>[B, Nk, C]</c>.
/// </summary>
public sealed class TwoWayAttention : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly Linear q_proj;
    private readonly Linear k_proj;
    private readonly Linear v_proj;
    private readonly Linear out_proj;
    private readonly int _numHeads;

    /// <summary>Creates the attention with internal width <c>embeddingDim / downsampleRate</c>.</summary>
    public TwoWayAttention(long embeddingDim, int numHeads, int downsampleRate, Device? device = null) : base(nameof(TwoWayAttention))
    {
        var internalDim = embeddingDim / downsampleRate;
        if (internalDim % numHeads != 0)
        {
            throw new ArgumentException("The number of heads must divide the internal attention width.", nameof(numHeads));
        }

        _numHeads = numHeads;
        q_proj = nn.Linear(embeddingDim, internalDim, device: device);
        k_proj = nn.Linear(embeddingDim, internalDim, device: device);
        v_proj = nn.Linear(embeddingDim, internalDim, device: device);
        out_proj = nn.Linear(internalDim, embeddingDim, device: device);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor q, Tensor k, Tensor v)
    {
        using var scope = NewDisposeScope();
        var qh = SeparateHeads(q_proj.forward(q));
        var kh = SeparateHeads(k_proj.forward(k));
        var vh = SeparateHeads(v_proj.forward(v));
        var output = nn.functional.scaled_dot_product_attention(qh, kh, vh); // [B, heads, Nq, c]
        var (b, heads, n, c) = (output.shape[0], output.shape[1], output.shape[2], output.shape[3]);
        var merged = output.transpose(1, 2).reshape(b, n, heads * c);
        return out_proj.forward(merged).MoveToOuterDisposeScope();
    }

    private Tensor SeparateHeads(Tensor x)
    {
        var (b, n, c) = (x.shape[0], x.shape[1], x.shape[2]);
        return x.reshape(b, n, _numHeads, c / _numHeads).transpose(1, 2); // [B, heads, N, c]
    }
}
