using System.Diagnostics;
using SeCo.Plugins.Adapt.UniMatch.Modeling;
using SeCo.Testing;
using SeCo.Vision.Checkpoints;
using static TorchSharp.torch;

namespace Adapt.UniMatch.Tests.Golden;

/// <summary>
/// The full-size DetFill DeepLabV3+-R101 in eval mode, run once plainly and once with the stored feature-perturbation
/// masks on the golden 321x321 input; shared by the golden forward tests.
/// </summary>
public sealed class ModelDetFillFixture : IDisposable
{
    public ModelDetFillFixture()
    {
        Golden = SafeTensors.Load(GoldenData.PathOf("unimatch", "deeplabv3plus_r101_detfill.safetensors"));
        Model = new DeepLabV3Plus(DeepLabV3PlusConfig.ResNet101(19), new ModelStoredDropoutMasks(Golden["fp_mask_c1"], Golden["fp_mask_c4"]));
        DetFill.Apply(Model);
        Model.eval();
        using var noGrad = no_grad();
        var input = Golden["input"];
        var stopwatch = Stopwatch.StartNew();
        Out = Model.forward(input);
        EvalForward = stopwatch.Elapsed;
        (FpOut, FpOutFp) = Model.ForwardWithFeaturePerturbation(input);
    }

    public Dictionary<string, Tensor> Golden { get; }

    public DeepLabV3Plus Model { get; }

    /// <summary>Plain eval output [1, 19, 321, 321].</summary>
    public Tensor Out { get; }

    /// <summary>Clean half of the need-fp call [1, 19, 321, 321].</summary>
    public Tensor FpOut { get; }

    /// <summary>Perturbed half of the need-fp call [1, 19, 321, 321].</summary>
    public Tensor FpOutFp { get; }

    /// <summary>Wall time of the plain eval forward.</summary>
    public TimeSpan EvalForward { get; }

    public void Dispose()
    {
        Out.Dispose();
        FpOut.Dispose();
        FpOutFp.Dispose();
        Model.Dispose();
        foreach (var tensor in Golden.Values)
        {
            tensor.Dispose();
        }
    }
}
