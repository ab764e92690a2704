using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.Modeling;

/// <summary>
/// The first two-way layer's image-side tensors shared by every prompt of one decoder call
/// (<see cref="TwoWayAttentionBlock.ShareImageTokens"/>); all with batch 1.
/// </summary>
/// <param name="Keys">The image tokens <c>[1, h·w, C]</c>.</param>
/// <param name="TokenToImageKeys">Token→image attention keys <c>[1, heads, h·w, c]</c>.</param>
/// <param name="TokenToImageValues">Token→image attention values <c>[1, heads, h·w, c]</c>.</param>
/// <param name="KeysWithPe">The image tokens plus their positional encoding <c>[1, h·w, C]</c>, as the image→token
/// attention reads them.</param>
internal sealed record SharedImageTokens(Tensor Keys, Tensor TokenToImageKeys, Tensor TokenToImageValues, Tensor KeysWithPe) : IDisposable
{
    /// <inheritdoc />
    public void Dispose()
    {
        Keys.Dispose();
        TokenToImageKeys.Dispose();
        TokenToImageValues.Dispose();
        KeysWithPe.Dispose();
    }
}
