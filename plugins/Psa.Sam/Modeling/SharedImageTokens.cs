using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.Modeling;

/// <summary>
/// The first two-way layer's image-side tensors shared by every prompt of one decoder call
/// (<see cref="TwoWayAttentionBlock.ShareImageTokens"/>); all with batch 1.
/// </summary>
/// <param name="Keys">The image tokens <c>[1, h·w, C]</c>.</param>
/// <param name="TokenToImageKeys">Token→image attention keys <c>[1, heads, h·w, c]</c>.</param>
/// <param name="TokenToImageValues">Token→image attention values <c>[1, heads, h·w, c]</c>.</param>
/// <param name="ImageToTokenQueries">Image→token attention queries <c>[1, heads, h·w, c]</c>.</param>
internal sealed record SharedImageTokens(Tensor Keys, Tensor TokenToImageKeys, Tensor TokenToImageValues, Tensor ImageToTokenQueries) : IDisposable
{
    /// <inheritdoc />
    public void Dispose()
    {
        Keys.Dispose();
        TokenToImageKeys.Dispose();
        TokenToImageValues.Dispose();
        ImageToTokenQueries.Dispose();
    }
}
