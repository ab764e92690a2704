using SeCo.Testing;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Adapt.UniMatch.Tests.Golden;

/// <summary>
/// The golden sliding-window model: <c>nn.Sequential(Conv2d(3,8,3,padding=1), ReLU(), Conv2d(8,19,3,padding=1))</c>
/// with DetFill weights (keys <c>0.weight</c>, <c>0.bias</c>, <c>2.weight</c>, <c>2.bias</c>).
/// </summary>
internal static class TinyDetFillNet
{
    /// <summary>Builds the net with its parameters filled by DetFill.</summary>
    public static Sequential Create()
    {
        var net = nn.Sequential(
            ("0", nn.Conv2d(3, 8, 3, padding: 1)),
            ("1", nn.ReLU()),
            ("2", nn.Conv2d(8, 19, 3, padding: 1)));
        DetFill.Apply(net);
        return net;
    }
}
