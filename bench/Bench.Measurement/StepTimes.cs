using System.Diagnostics;

namespace SeCo.Benchmarks.Measurement;

/// <summary>Wall time of the named steps inside one measured run (e.g. encoder / mask generation / prompts).</summary>
public sealed class StepTimes
{
    private readonly Dictionary<string, double> _seconds = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>The steps in the order they were first timed.</summary>
    public IReadOnlyList<string> Steps => _order;

    /// <summary>Seconds spent in <paramref name="step"/> during this run (0 if it never ran).</summary>
    public double this[string step] => _seconds.GetValueOrDefault(step);

    /// <summary>Runs <paramref name="work"/> and adds its wall time to <paramref name="step"/>.</summary>
    public T Time<T>(string step, Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            return work();
        }
        finally
        {
            Add(step, stopwatch.Elapsed.TotalSeconds);
        }
    }

    /// <summary>Runs <paramref name="work"/> and adds its wall time to <paramref name="step"/>.</summary>
    public void Time(string step, Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            work();
        }
        finally
        {
            Add(step, stopwatch.Elapsed.TotalSeconds);
        }
    }

    private void Add(string step, double seconds)
    {
        if (!_seconds.TryGetValue(step, out var total))
        {
            _order.Add(step);
        }

        _seconds[step] = total + seconds;
    }
}
