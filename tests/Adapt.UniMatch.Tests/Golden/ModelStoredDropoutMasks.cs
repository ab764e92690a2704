using SeCo.Plugins.Adapt.UniMatch.Modeling;
using static TorchSharp.torch;

namespace Adapt.UniMatch.Tests.Golden;

/// <summary>Replays stored Dropout2d keep-masks (1 = kept) in order, as multipliers 0 / 2 (= 1 / (1 − 0.5)).</summary>
internal sealed class ModelStoredDropoutMasks : IChannelDropoutMasks
{
    private readonly Queue<Tensor> _masks;

    public ModelStoredDropoutMasks(params Tensor[] keepMasks) => _masks = new Queue<Tensor>(keepMasks);

    public Tensor Next(long batch, long channels, ScalarType dtype, Device device)
    {
        var keep = _masks.Dequeue();
        keep.shape.Should().Equal(batch, channels);
        return keep.to(dtype, device).mul(2.0).reshape(batch, channels, 1, 1);
    }
}
