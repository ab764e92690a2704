using System.Globalization;
using System.Text;

namespace SeCo.Plugins.Adapt.UniMatch.Training;

/// <summary>
/// The per-iteration training losses as JSON lines (<c>{"iteration": 0, "loss": 2.95, "lr": 0.01}</c>), appended and
/// flushed with each checkpoint; a resumed run first cuts the file back to the checkpoint's iteration so no line repeats.
/// </summary>
public sealed class LossLog
{
    /// <summary>The file name in a stage folder.</summary>
    public const string FileName = "loss.jsonl";

    private readonly string _path;
    private readonly StringBuilder _pending = new();

    /// <summary>Opens the log at <paramref name="path"/>, keeping the lines of iterations before <paramref name="resumeIteration"/>.</summary>
    public LossLog(string path, long resumeIteration)
    {
        _path = path;
        if (!File.Exists(path))
        {
            return;
        }

        var kept = File.ReadLines(path).Where(line => Iteration(line) is { } i && i < resumeIteration).ToList();
        SeCo.Sdk.IO.AtomicFile.WriteAllText(path, kept.Count == 0 ? "" : string.Join('\n', kept) + "\n");
    }

    /// <summary>Records one iteration (written at the next <see cref="Flush"/>).</summary>
    public void Add(long iteration, double loss, double learningRate) =>
        _pending.Append(CultureInfo.InvariantCulture, $"{{\"iteration\": {iteration}, \"loss\": {loss:R}, \"lr\": {learningRate:R}}}").Append('\n');

    /// <summary>Appends the recorded lines to the file.</summary>
    public void Flush()
    {
        if (_pending.Length == 0)
        {
            return;
        }

        File.AppendAllText(_path, _pending.ToString());
        _pending.Clear();
    }

    private static long? Iteration(string line)
    {
        const string key = "\"iteration\": ";
        var start = line.IndexOf(key, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += key.Length;
        var end = line.IndexOf(',', start);
        return end > start && long.TryParse(line.AsSpan(start, end - start), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;
    }
}
