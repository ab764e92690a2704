namespace SeCo.Plugins.Adapt.UniMatch.Data;

/// <summary>An <see cref="IRandomSource"/> over one seeded <see cref="System.Random"/> (the stage seed).</summary>
public sealed class SeededRandomSource : IRandomSource
{
    private readonly Random _random;

    /// <summary>Creates the source.</summary>
    /// <param name="seed">The seed; the same seed gives the same sequence of draws.</param>
    public SeededRandomSource(int seed) => _random = new Random(seed);

    /// <inheritdoc />
    public double Random() => _random.NextDouble();

    /// <inheritdoc />
    public int RandInt(int low, int high)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(low, high);
        return _random.Next(low, high + 1);
    }

    /// <inheritdoc />
    public double Uniform(double low, double high) => low + (high - low) * _random.NextDouble();

    /// <inheritdoc />
    public int NumpyRandInt(int low, int high)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(low, high);
        return _random.Next(low, high);
    }

    /// <summary>A new independent source seeded from this one (one per loader worker or data stream).</summary>
    public SeededRandomSource Fork() => new(_random.Next());
}
