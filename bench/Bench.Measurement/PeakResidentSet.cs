using System.Globalization;

namespace SeCo.Benchmarks.Measurement;

/// <summary>
/// The process's resident high-water mark (<c>VmHWM</c> in <c>/proc/self/status</c>), which counts native memory
/// (libtorch tensors) as well as the managed heap. <see cref="Reset"/> lowers it to the current resident set, so the
/// mark read after a piece of work is that work's peak with everything already resident (the model) included.
/// </summary>
public static class PeakResidentSet
{
    private const string StatusPath = "/proc/self/status";
    private const string ClearRefsPath = "/proc/self/clear_refs";

    /// <summary>Whether this system reports and resets the mark (Linux 4.0 and later).</summary>
    public static bool IsSupported => File.Exists(StatusPath) && File.Exists(ClearRefsPath);

    /// <summary>Resets the high-water mark to the current resident set size.</summary>
    public static void Reset()
    {
        if (IsSupported)
        {
            // "5" resets VmHWM only (proc(5)); it leaves page-referenced bits and soft-dirty state alone.
            File.WriteAllText(ClearRefsPath, "5");
        }
    }

    /// <summary>The high-water mark in bytes, or <c>-1</c> when the system does not report it.</summary>
    public static long PeakBytes() => ReadKilobytes("VmHWM:");

    /// <summary>The current resident set in bytes, or <c>-1</c> when the system does not report it.</summary>
    public static long CurrentBytes() => ReadKilobytes("VmRSS:");

    private static long ReadKilobytes(string field)
    {
        if (!File.Exists(StatusPath))
        {
            return -1;
        }

        foreach (var line in File.ReadLines(StatusPath))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var value = line.AsSpan(field.Length).Trim();
                var end = value.IndexOf(' ');
                return long.Parse(end < 0 ? value : value[..end], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return -1;
    }
}
