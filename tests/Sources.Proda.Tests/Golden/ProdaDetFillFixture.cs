using SeCo.Plugins.Sources.Proda.Modeling;
using SeCo.Testing;
using SeCo.Vision.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Sources.Proda.Tests.Golden;

/// <summary>
/// The full-size DetFill DeepLabV2-R101 run once on the golden input and its mirror (one batched forward),
/// shared by the golden forward tests.
/// </summary>
public sealed class ProdaDetFillFixture : IDisposable
{
    public ProdaDetFillFixture()
    {
        Golden = SafeTensors.Load(GoldenData.PathOf("sources", "proda_deeplabv2_detfill.safetensors"));
        Model = new ProdaDeepLabV2(classes: 19);
        DetFill.Apply(Model);
        Model.eval();
        using var noGrad = no_grad();
        var input = Golden["input"];
        using var views = cat([input, input.flip(3)], 0);
        var (feat, logits) = Model.forward(views);
        Feat = feat;
        Logits = logits;
    }

    public Dictionary<string, Tensor> Golden { get; }

    public ProdaDeepLabV2 Model { get; }

    /// <summary><c>feat</c> for <c>[x, flip(x)]</c>: [2, 256, 33, 65].</summary>
    public Tensor Feat { get; }

    /// <summary><c>out</c> for <c>[x, flip(x)]</c>: [2, 19, 33, 65].</summary>
    public Tensor Logits { get; }

    public void Dispose()
    {
        Feat.Dispose();
        Logits.Dispose();
        Model.Dispose();
        foreach (var tensor in Golden.Values)
        {
            tensor.Dispose();
        }
    }
}
