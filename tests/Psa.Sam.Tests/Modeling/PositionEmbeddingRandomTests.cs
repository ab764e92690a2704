using SeCo.Plugins.Psa.Modeling;
using static TorchSharp.torch;

namespace Psa.Sam.Tests.Modeling;

public sealed class PositionEmbeddingRandomTests
{
    private const double Float32Tolerance = 1e-6;

    private static PositionEmbeddingRandom WithIdentityMatrix()
    {
        var pe = new PositionEmbeddingRandom(2);
        using (no_grad())
        {
            pe.load_state_dict(new Dictionary<string, Tensor> { ["positional_encoding_gaussian_matrix"] = eye(2) });
        }

        return pe;
    }

    [Fact]
    public void Encoding_is_sines_then_cosines_of_the_projected_centred_point()
    {
        using var pe = WithIdentityMatrix();
        using var point = tensor(new float[] { 0.625f, 0.5f }).view(1, 2);

        using var encoded = pe.Encode(point);

        var values = encoded.data<float>().ToArray();
        values[0].Should().BeApproximately(1f, (float)Float32Tolerance);
        values[1].Should().BeApproximately(0f, (float)Float32Tolerance);
        values[2].Should().BeApproximately(0f, (float)Float32Tolerance);
        values[3].Should().BeApproximately(1f, (float)Float32Tolerance);
    }

    [Fact]
    public void Dense_grid_uses_cell_centres_x_first()
    {
        using var pe = WithIdentityMatrix();

        using var dense = pe.DenseGrid(4, 4); // [4, 4, 4] channel-first
        using var expected = pe.Encode(tensor(new float[] { 0.625f, 0.125f }).view(1, 2));

        var actual = dense[.., 0, 2].data<float>().ToArray();
        actual.Should().Equal(expected.data<float>().ToArray());
    }
}
