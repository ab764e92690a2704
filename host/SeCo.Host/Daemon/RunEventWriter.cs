namespace SeCo.Host.Daemon;

/// <summary>Appends run events to the store and wakes the streams.</summary>
internal sealed class RunEventWriter(RunStore store, RunEventSignal signal)
{
    public long Append(string runId, string type, object data)
    {
        var id = store.AppendEvent(runId, type, data);
        signal.Pulse();
        return id;
    }
}
