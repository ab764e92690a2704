using static TorchSharp.torch;

namespace SeCo.Plugins.Adapt.UniMatch.Modeling;

/// <summary>
/// PyTorch's <c>Dropout2d(p)</c> noise: <c>empty(N, C, 1, 1).bernoulli_(1 − p)</c> divided by <c>1 − p</c>, drawn from
/// a torch generator (the default generator when none is given, as in the reference).
/// </summary>
public sealed class BernoulliChannelDropoutMasks : IChannelDropoutMasks
{
    private readonly Generator? _generator;

    /// <summary>Creates the mask source.</summary>
    /// <param name="probability">Probability that a channel is dropped; UniMatch uses 0.5.</param>
    /// <param name="generator">The random generator; torch's default generator when <see langword="null"/>.</param>
    public BernoulliChannelDropoutMasks(double probability = 0.5, Generator? generator = null)
    {
        if (!(probability >= 0 && probability < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "Expected a drop probability in [0, 1).");
        }

        Probability = probability;
        _generator = generator;
    }

    /// <summary>Probability that a channel is dropped.</summary>
    public double Probability { get; }

    /// <inheritdoc />
    public Tensor Next(long batch, long channels, ScalarType dtype, Device device)
    {
        var keep = 1 - Probability;
        using var noGrad = no_grad();
        return empty([batch, channels, 1, 1], dtype, device).bernoulli_(keep, _generator).div_(keep);
    }
}
