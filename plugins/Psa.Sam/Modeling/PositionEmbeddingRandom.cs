using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.Modeling;

/// <summary>
/// Random-Fourier positional encoding (<c>positional_encoding_gaussian_matrix</c>, a fixed <c>[2, C/2]</c> buffer):
/// a point <c>(u, v)</c> in [0, 1]² maps to <c>[sin(2π p), cos(2π p)]</c> with <c>p = (2(u, v) − 1) G</c>.
/// </summary>
public sealed class PositionEmbeddingRandom : nn.Module
{
    private readonly Tensor positional_encoding_gaussian_matrix;

    /// <summary>Creates the encoding with <paramref name="numPositionFeatures"/> frequencies (a standard-normal matrix until loaded).</summary>
    public PositionEmbeddingRandom(long numPositionFeatures, Device? device = null) : base(nameof(PositionEmbeddingRandom))
    {
        positional_encoding_gaussian_matrix = randn(2, numPositionFeatures, device: device);
        RegisterComponents();
    }

    /// <summary>Encodes normalised coordinates <c>[..., 2]</c> (x first) → <c>[..., 2·C/2]</c>.</summary>
    public Tensor Encode(Tensor coords)
    {
        ArgumentNullException.ThrowIfNull(coords);
        using var scope = NewDisposeScope();
        var centered = coords.to(float32) * 2 - 1;
        var projected = centered.matmul(positional_encoding_gaussian_matrix) * (2 * Math.PI);
        return cat([projected.sin(), projected.cos()], -1).MoveToOuterDisposeScope();
    }

    /// <summary>The dense encoding of an <paramref name="height"/> × <paramref name="width"/> grid of cell centres, <c>[C, H, W]</c>.</summary>
    public Tensor DenseGrid(long height, long width)
    {
        using var scope = NewDisposeScope();
        var device = positional_encoding_gaussian_matrix.device;
        var grid = ones(height, width, device: device);
        var y = (grid.cumsum(0) - 0.5) / height;
        var x = (grid.cumsum(1) - 0.5) / width;
        var pe = Encode(stack([x, y], -1)); // [H, W, C]
        return pe.permute(2, 0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Encodes unnormalised pixel coordinates <c>[..., 2]</c> in an image of <paramref name="imageHeight"/> ×
    /// <paramref name="imageWidth"/> (x divided by the width, y by the height, in the coordinates' own dtype).
    /// </summary>
    public Tensor EncodeCoordinates(Tensor coords, long imageHeight, long imageWidth)
    {
        ArgumentNullException.ThrowIfNull(coords);
        using var scope = NewDisposeScope();
        var divisor = tensor(new double[] { imageWidth, imageHeight }, dtype: coords.dtype, device: coords.device);
        return Encode(coords / divisor).MoveToOuterDisposeScope();
    }
}
