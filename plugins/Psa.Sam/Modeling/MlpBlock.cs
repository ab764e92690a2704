using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.Modeling;

/// <summary>Two linear layers with an activation between them (<c>lin1</c>, <c>lin2</c>).</summary>
public sealed class MlpBlock : nn.Module<Tensor, Tensor>
{
    private readonly Linear lin1;
    private readonly Linear lin2;
    private readonly bool _gelu;

    /// <summary>Creates the block; <paramref name="gelu"/> selects exact GELU, otherwise ReLU.</summary>
    public MlpBlock(long embeddingDim, long mlpDim, bool gelu, Device? device = null) : base(nameof(MlpBlock))
    {
        lin1 = nn.Linear(embeddingDim, mlpDim, device: device);
        lin2 = nn.Linear(mlpDim, embeddingDim, device: device);
        _gelu = gelu;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var hidden = lin1.forward(x);
        using var activated = _gelu ? nn.functional.gelu(hidden) : nn.functional.relu(hidden);
        return lin2.forward(activated);
    }
}
