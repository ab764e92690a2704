using System.Globalization;

namespace SeCo.Bench.Daemon;

/// <summary>Nearest-rank percentiles of a set of latencies in milliseconds.</summary>
internal sealed class LatencySummary(IEnumerable<double> milliseconds)
{
    private readonly double[] _sorted = [.. milliseconds.Order()];

    public int Count => _sorted.Length;

    /// <summary>The nearest-rank percentile <paramref name="p"/> (0–100).</summary>
    public double Percentile(double p) =>
        _sorted.Length == 0 ? double.NaN : _sorted[Math.Clamp((int)Math.Ceiling(p / 100 * _sorted.Length) - 1, 0, _sorted.Length - 1)];

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"p50 {Percentile(50):0.0} ms, p99 {Percentile(99):0.0} ms, max {Percentile(100):0.0} ms (n={Count})");
}
