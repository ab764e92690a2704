using static TorchSharp.torch;

namespace SeCo.Plugins.Adapt.UniMatch.Modeling;

/// <summary>
/// Produces the channel masks of UniMatch's feature perturbation (<c>nn.Dropout2d(0.5)</c> on <c>c1</c> and
/// <c>c4</c>): one <c>[N, C, 1, 1]</c> multiplier per call, 0 for a dropped channel and <c>1 / (1 − p)</c> for a kept one.
/// <see cref="DeepLabV3Plus.ForwardWithFeaturePerturbation"/> asks for the <c>c1</c> mask first, then the <c>c4</c> mask.
/// </summary>
public interface IChannelDropoutMasks
{
    /// <summary>The next mask.</summary>
    /// <param name="batch">Samples (<c>N</c>).</param>
    /// <param name="channels">Channels (<c>C</c>).</param>
    /// <param name="dtype">The feature dtype.</param>
    /// <param name="device">The feature device.</param>
    /// <returns>A new <c>[N, C, 1, 1]</c> tensor owned by the caller.</returns>
    Tensor Next(long batch, long channels, ScalarType dtype, Device device);
}
