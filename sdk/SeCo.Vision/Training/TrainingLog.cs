using System.Globalization;
using System.Text;
using System.Text.Json;
using SeCo.Sdk.IO;
using TorchSharp;

namespace SeCo.Vision.Training;

/// <summary>
/// The training scalars of one stage (loss, learning rate, per-class IoU where evaluated), written as they are
/// logged into the stage's folder twice: TensorBoard event files under <see cref="TensorBoardFolder"/> (TorchSharp's
/// <c>torch.utils.tensorboard.SummaryWriter</c>; <c>tensorboard --logdir runs/demo</c> shows every stage) and
/// <see cref="JsonFileName"/>, one JSON object per scalar, which the run report draws.
/// </summary>
/// <remarks>
/// It only records numbers the stage already has on the CPU: it reads no tensor and draws no random number, so
/// training with and without it is bit-identical. A resumed stage opens it with the step it resumes after: records
/// beyond that step (logged after the last checkpoint) are dropped from both files, so each step appears once.
/// </remarks>
public sealed class TrainingLog : IDisposable
{
    /// <summary>The JSON lines file in the stage folder: <c>{"step":12,"tag":"train/loss","value":0.53}</c> per line.</summary>
    public const string JsonFileName = "training.jsonl";

    /// <summary>The folder in the stage folder holding the TensorBoard event files.</summary>
    public const string TensorBoardFolder = "tensorboard";

    private readonly Lock _lock = new();
    private readonly StreamWriter _json;
    private readonly TorchSharp.Modules.SummaryWriter _tensorBoard;
    private bool _disposed;

    private TrainingLog(string jsonPath, string tensorBoardDirectory)
    {
        _json = new StreamWriter(new FileStream(jsonPath, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false)) { AutoFlush = true };
        _tensorBoard = torch.utils.tensorboard.SummaryWriter(tensorBoardDirectory);
    }

    /// <summary>
    /// Opens the log of the stage folder <paramref name="stageDirectory"/>: fresh when <paramref name="resumeAfterStep"/>
    /// is 0, else keeping the records up to that step (re-written to a new event file) and dropping later ones.
    /// </summary>
    /// <param name="stageDirectory">The stage's output folder.</param>
    /// <param name="resumeAfterStep">The last step the resumed training already did (0 for a fresh start).</param>
    /// <returns>The open log; dispose it when training ends.</returns>
    public static TrainingLog Open(string stageDirectory, long resumeAfterStep = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(stageDirectory);
        ArgumentOutOfRangeException.ThrowIfNegative(resumeAfterStep);
        Directory.CreateDirectory(stageDirectory);
        var jsonPath = Path.Combine(stageDirectory, JsonFileName);
        var kept = resumeAfterStep > 0 ? Read(jsonPath).Where(r => r.Step <= resumeAfterStep).ToList() : [];
        var builder = new StringBuilder();
        foreach (var record in kept)
        {
            builder.Append(Line(record)).Append('\n');
        }

        AtomicFile.WriteAllText(jsonPath, builder.ToString());
        var tensorBoard = Path.Combine(stageDirectory, TensorBoardFolder);
        if (Directory.Exists(tensorBoard))
        {
            Directory.Delete(tensorBoard, recursive: true);
        }

        var log = new TrainingLog(jsonPath, tensorBoard);
        foreach (var record in kept)
        {
            log.WriteEvent(record);
        }

        return log;
    }

    /// <summary>Records <paramref name="value"/> of <paramref name="tag"/> (e.g. <c>train/loss</c>, <c>train/lr</c>, <c>eval/iou/road</c>) at <paramref name="step"/>.</summary>
    /// <param name="tag">The scalar's name; TensorBoard groups tags by their part before the first '/'.</param>
    /// <param name="step">The training step (iteration) it belongs to.</param>
    /// <param name="value">The value; NaN and infinities are kept as such.</param>
    public void Scalar(string tag, long step, double value)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        var record = new TrainingScalar(step, tag, value);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _json.Write(Line(record) + "\n");
            WriteEvent(record);
        }
    }

    /// <summary>Reads the scalars of a <see cref="JsonFileName"/> file in order; a missing file has none, a torn last line is ignored.</summary>
    /// <param name="path">The JSON lines file.</param>
    /// <returns>The scalars as written.</returns>
    public static IReadOnlyList<TrainingScalar> Read(string path)
    {
        var result = new List<TrainingScalar>();
        if (!File.Exists(path))
        {
            return result;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                var value = root.GetProperty("value");
                result.Add(new TrainingScalar(
                    root.GetProperty("step").GetInt64(),
                    root.GetProperty("tag").GetString()!,
                    value.ValueKind == JsonValueKind.String ? double.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetDouble()));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                // A line cut short by a crash: the records before it stand.
            }
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _json.Dispose();
        }
    }

    private void WriteEvent(TrainingScalar record)
    {
        // TensorBoard's scalars are 32-bit, its steps too. Wall time in whole seconds since the epoch, what TensorBoard
        // expects (TorchSharp's own default would be DateTime ticks).
        _tensorBoard.add_scalar(record.Tag, (float)record.Value, (int)Math.Min(record.Step, int.MaxValue), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    private static string Line(TrainingScalar record)
    {
        var value = double.IsFinite(record.Value)
            ? record.Value.ToString("R", CultureInfo.InvariantCulture)
            : JsonSerializer.Serialize(record.Value.ToString(CultureInfo.InvariantCulture));
        return $"{{\"step\":{record.Step.ToString(CultureInfo.InvariantCulture)},\"tag\":{JsonSerializer.Serialize(record.Tag)},\"value\":{value}}}";
    }
}
