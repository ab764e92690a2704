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

    /// <summary>
    /// A few prompt tokens <paramref name="tokens"/> <c>[B, T, C]</c> attending to many image tokens: keys
    /// <paramref name="imageKeys"/> and values <paramref name="imageValues"/> <c>[B or 1, N, C]</c> (unprojected).
    /// The same attention as <see cref="forward"/>, with the projections moved to the small side: the scores are
    /// <c>(q·W_k,h)·x_kᵀ</c> (the key bias adds one constant per query row, which softmax ignores) and the output
    /// is <c>(P·x_v)·W_v,hᵀ + b_v</c> (softmax rows sum to one), so the N image tokens are read twice instead of
    /// being projected to keys and values: 2·h·T·N·C multiply-adds instead of 2·N·C·C/r.
    /// </summary>
    internal Tensor AttendToImage(Tensor tokens, Tensor imageKeys, Tensor imageValues)
    {
        using var scope = NewDisposeScope();
        var (b, t, c) = (tokens.shape[0], tokens.shape[1], tokens.shape[2]);
        var (heads, headDim) = (_numHeads, q_proj.weight!.shape[0] / _numHeads);
        var qh = ProjectQuery(tokens); // [B, h, T, d]
        var foldedQueries = qh.matmul(k_proj.weight!.view(heads, headDim, c)).mul_(1.0 / Math.Sqrt(headDim)); // [B, h, T, C]
        // Keys of one image (batch 1) serve every prompt: all prompts' query rows go against them in one product.
        var rows = imageKeys.shape[0] == 1 ? foldedQueries.reshape(1, b * heads * t, c) : foldedQueries.view(b, heads * t, c);
        var scores = rows.matmul(imageKeys.transpose(1, 2)); // [1 or B, (B·)h·T, N]
        var attended = nn.functional.softmax(scores, -1).matmul(imageValues).view(b, heads, t, c);

        var values = attended.matmul(v_proj.weight!.view(heads, headDim, c).transpose(1, 2)) // [B, h, T, d]
            .add_(v_proj.bias!.view(heads, 1, headDim));
        var merged = values.transpose(1, 2).reshape(b, t, heads * headDim);
        return out_proj.forward(merged).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Many image tokens <paramref name="image"/> <c>[B or 1, N, C]</c> (unprojected) attending to a few prompt
    /// tokens: keys from <paramref name="keyTokens"/>, values from <paramref name="valueTokens"/> (<c>[B, T, C]</c>).
    /// The same attention as <see cref="forward"/>, with the projections moved to the small side: the scores are
    /// <c>x·(W_q,hᵀ·k) + b_q,h·k</c> and the output is <c>P·(v·W_o,hᵀ) + b_o</c>, so each image token meets one
    /// <c>C × T·h</c> and one <c>T·h × C</c> matrix instead of the query and output projections. Score columns are
    /// ordered (token, head) so that the softmax over the T tokens runs over a middle dimension (contiguous heads
    /// inside), which vectorises; a last dimension of 5–7 does not.
    /// </summary>
    internal Tensor AttendFromImage(Tensor image, Tensor keyTokens, Tensor valueTokens)
    {
        using var scope = NewDisposeScope();
        var (b, t, c) = (keyTokens.shape[0], keyTokens.shape[1], keyTokens.shape[2]);
        var (heads, headDim) = (_numHeads, q_proj.weight!.shape[0] / _numHeads);
        var scale = 1.0 / Math.Sqrt(headDim);
        var kh = ProjectKey(keyTokens); // [B, h, T, d]
        var folded = kh.matmul(q_proj.weight!.view(heads, headDim, c)).mul_(scale).transpose(1, 2).reshape(b, t * heads, c); // [B, T·h, C]
        var bias = kh.matmul(q_proj.bias!.view(heads, headDim, 1)).mul_(scale).transpose(1, 2).reshape(b, 1, t * heads);
        var scores = image.matmul(folded.transpose(1, 2)).add_(bias); // [B, N, T·h]
        var n = scores.shape[1];
        var weights = nn.functional.softmax(scores.view(b, n, t, heads), 2).view(b, n, t * heads);
        var vh = ProjectValue(valueTokens); // [B, h, T, d]
        var outputs = vh.matmul(out_proj.weight!.view(c, heads, headDim).permute(1, 2, 0)).transpose(1, 2).reshape(b, t * heads, c); // [B, T·h, C]
        return weights.matmul(outputs).add_(out_proj.bias!).MoveToOuterDisposeScope();
    }

    private Tensor SeparateHeads(Tensor x)
    {
        var (b, n, c) = (x.shape[0], x.shape[1], x.shape[2]);
        return x.reshape(b, n, _numHeads, c / _numHeads).transpose(1, 2); // [B, heads, N, c]
    }
}
