using System.Collections.Concurrent;

namespace SeCo.Host.Tests.Stages;

/// <summary>Records which test stages ran, how many ran at once, and lets stages wait for each other.</summary>
public sealed class RunLog
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new();
    private readonly Lock _lock = new();
    private int _running;

    public ConcurrentQueue<string> Runs { get; } = new();

    public int MaxConcurrentDevice { get; private set; }

    private int _deviceRunning;

    public int MaxConcurrent { get; private set; }

    public IReadOnlyList<string> RunIds => Runs.ToList();

    public void Started(string stageId)
    {
        Runs.Enqueue(stageId);
        lock (_lock)
        {
            _running++;
            MaxConcurrent = Math.Max(MaxConcurrent, _running);
        }

        Signal(stageId).TrySetResult();
    }

    public void Finished()
    {
        lock (_lock)
        {
            _running--;
        }
    }

    public void DeviceEnter()
    {
        lock (_lock)
        {
            _deviceRunning++;
            MaxConcurrentDevice = Math.Max(MaxConcurrentDevice, _deviceRunning);
        }
    }

    public void DeviceExit()
    {
        lock (_lock)
        {
            _deviceRunning--;
        }
    }

    public TaskCompletionSource Signal(string name) => _signals.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
