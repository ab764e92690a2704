using SeCo.Plugins.Psa.Modeling;
using SeCo.Testing;
using static TorchSharp.torch;

namespace Psa.Sam.Tests.Golden;

/// <summary>Builds the golden tiny SAM models (DetFill and shipped tiny_rand weights).</summary>
internal static class TinySam
{
    public static SamVariant Variant { get; } =
        SamVariant.FromConfigJson(File.ReadAllText(GoldenData.PathOf("sam", "tiny", "config.json")), "tiny");

    /// <summary>The tiny model with DetFill weights generated in C#.</summary>
    public static SamModel DetFill()
    {
        var model = new SamModel(Variant);
        SeCo.Testing.DetFill.Apply(model);
        return model;
    }

    /// <summary>The tiny model with the shipped non-degenerate weights, its encoder in <paramref name="encoderPrecision"/>.</summary>
    public static SamModel Random(EncoderPrecision encoderPrecision = EncoderPrecision.Float32)
    {
        var model = new SamModel(Variant, encoderPrecision: encoderPrecision);
        var weights = GoldenTensors.Load(GoldenData.PathOf("sam", "tiny_rand", "tiny_rand_sam.safetensors"));
        using (no_grad())
        {
            model.load_state_dict(weights, strict: true);
        }

        foreach (var weight in weights.Values)
        {
            weight.Dispose();
        }

        return model;
    }

    /// <summary>The model for a golden folder name (<c>tiny</c> or <c>tiny_rand</c>).</summary>
    public static SamModel For(string folder) => folder == "tiny" ? DetFill() : Random();
}
