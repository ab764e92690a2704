using SeCo.Plugins.Psa.Modeling;
using SeCo.Plugins.Psa.Prompting;
using SeCo.Testing;
using SeCo.Vision.Imaging;
using static TorchSharp.torch;

namespace Psa.Sam.Tests.Golden;

/// <summary>Full-size ViT-B with DetFill weights, with the test image set once (embedding and intermediates kept).</summary>
public sealed class VitBDetFillFixture : IDisposable
{
    public VitBDetFillFixture()
    {
        Model = new SamModel(SamVariant.VitB);
        DetFill.Apply(Model);
        Predictor = new SamPredictor(Model);
        var image = RgbImageIO.Read(GoldenData.PathOf("sam", "test_image.png"));
        var (pixels, height, width) = Predictor.Transform.ApplyImage(image.Data, image.Height, image.Width);
        using var _ = no_grad();
        using var resized = tensor(pixels, [height, width, 3]).permute(2, 0, 1).unsqueeze(0);
        using var input = Model.Preprocess(resized);
        Intermediates["encoder_input"] = Statistics.Of(input);
        InputSlice = input[.., .., 700..724, 1000..1024].clone().DetachFromDisposeScope();
        Slices = new Dictionary<string, Tensor>();
        using var embeddings = Model.ImageEncoder.Forward(input, (name, t) =>
        {
            Intermediates[name] = Statistics.Of(t);
            var slice = name switch
            {
                "patch_embed_out" => t[.., 0..4, 0..4, 0..16],
                "block0_out" => t[.., 20..24, 30..34, 0..16],
                "block2_out" => t[.., 40..44, 10..14, 100..116],
                "block11_out" => t[.., 60..64, 60..64, 752..768],
                _ => null,
            };
            if (slice is not null)
            {
                Slices[name] = slice.clone().DetachFromDisposeScope();
            }
        });
        Intermediates["image_embeddings"] = Statistics.Of(embeddings);

        Predictor.SetImage(image);
    }

    public SamModel Model { get; }

    public SamPredictor Predictor { get; }

    public Dictionary<string, Statistics> Intermediates { get; } = new();

    public Dictionary<string, Tensor> Slices { get; }

    public Tensor InputSlice { get; }

    public void Dispose()
    {
        Predictor.Dispose();
        Model.Dispose();
        InputSlice.Dispose();
        foreach (var slice in Slices.Values)
        {
            slice.Dispose();
        }
    }

    /// <summary>float64 statistics of a tensor, as in <c>intermediates.json</c> (population std).</summary>
    public sealed record Statistics(double Mean, double Std, double Min, double Max, double AbsMean)
    {
        public static Statistics Of(Tensor t)
        {
            using var scope = NewDisposeScope();
            var d = t.to(float64);
            return new Statistics(
                d.mean().item<double>(),
                d.std(unbiased: false).item<double>(),
                d.min().item<double>(),
                d.max().item<double>(),
                d.abs().mean().item<double>());
        }
    }
}
