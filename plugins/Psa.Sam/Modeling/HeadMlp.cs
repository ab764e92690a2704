using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.Modeling;

/// <summary>The decoder's small MLP (<c>layers.0..n-1</c>) with ReLU after every layer but the last.</summary>
public sealed class HeadMlp : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> layers;

    /// <summary>Creates <paramref name="numLayers"/> linear layers <c>in → hidden → … → out</c>.</summary>
    public HeadMlp(long inputDim, long hiddenDim, long outputDim, int numLayers, Device? device = null) : base(nameof(HeadMlp))
    {
        layers = new ModuleList<Linear>();
        for (var i = 0; i < numLayers; i++)
        {
            var input = i == 0 ? inputDim : hiddenDim;
            var output = i == numLayers - 1 ? outputDim : hiddenDim;
            layers.Add(nn.Linear(input, output, device: device));
        }

        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        for (var i = 0; i < layers.Count; i++)
        {
            x = layers[i].forward(x);
            if (i < layers.Count - 1)
            {
                x = nn.functional.relu(x);
            }
        }

        return x.MoveToOuterDisposeScope();
    }
}
