using System.Globalization;

namespace SeCo.Benchmarks.Measurement;

/// <summary>The 1-minute load average (<c>/proc/loadavg</c>), printed beside every measurement.</summary>
public static class LoadAverage
{
    /// <summary>The 1-minute load average, or <c>NaN</c> where the system does not report it.</summary>
    public static double OneMinute()
    {
        const string path = "/proc/loadavg";
        if (!File.Exists(path))
        {
            return double.NaN;
        }

        var text = File.ReadAllText(path);
        return double.Parse(text.AsSpan(0, text.IndexOf(' ')), CultureInfo.InvariantCulture);
    }
}
