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
        return Attend(ProjectQuery(q), ProjectKey(k), ProjectValue(v)).MoveToOuterDisposeScope();
    }

    /// <summary><c>q_proj</c> split into heads: <c>[B, N, C]</c> → <c>[B, heads, N, c]</c>.</summary>
    internal Tensor ProjectQuery(Tensor x) => SeparateHeads(q_proj.forward(x));

    /// <summary><c>k_proj</c> split into heads.</summary>
    internal Tensor ProjectKey(Tensor x) => SeparateHeads(k_proj.forward(x));

    /// <summary><c>v_proj</c> split into heads.</summary>
    internal Tensor ProjectValue(Tensor x) => SeparateHeads(v_proj.forward(x));

    /// <summary>
    /// Attention of projected heads and <c>out_proj</c>: <c>[B, heads, Nq, c]</c> queries against <c>[B, heads, Nk, c]</c>
    /// keys/values → <c>[B, Nq, C]</c>. Keys/values with batch 1 serve every query batch: the queries of all batch
    /// entries are attended as one row set (each query row's softmax and sum are its own), then split again.
    /// </summary>
    internal Tensor Attend(Tensor qh, Tensor kh, Tensor vh)
    {
        using var scope = NewDisposeScope();
        var (b, heads, n, c) = (qh.shape[0], qh.shape[1], qh.shape[2], qh.shape[3]);
        Tensor output;
        if (kh.shape[0] == 1 && b > 1)
        {
            var rows = qh.transpose(0, 1).reshape(1, heads, b * n, c);
            output = nn.functional.scaled_dot_product_attention(rows, kh, vh).view(heads, b, n, c).transpose(0, 1);
        }
        else
        {
            var queries = qh.shape[0] == kh.shape[0] ? qh : qh.expand(kh.shape[0], -1, -1, -1);
            output = nn.functional.scaled_dot_product_attention(queries, kh, vh); // [B, heads, Nq, c]
            b = output.shape[0];
        }

        var merged = output.transpose(1, 2).reshape(b, n, heads * c);
        return out_proj.forward(merged).MoveToOuterDisposeScope();
    }

    private Tensor SeparateHeads(Tensor x)
    {
        var (b, n, c) = (x.shape[0], x.shape[1], x.shape[2]);
        return x.reshape(b, n, _numHeads, c / _numHeads).transpose(1, 2); // [B, heads, N, c]
    }
}
