namespace SeCo.Host.Daemon;

/// <summary>
/// Opened by <c>seco serve</c> once Kestrel is bound and the bound addresses passed the token rule; the
/// scheduler starts no run before. A daemon that cannot bind (or must not) therefore never touches a run.
/// </summary>
internal sealed class DaemonStartGate
{
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the gate is opened.</summary>
    public Task Opened => _opened.Task;

    /// <summary>Lets the scheduler start.</summary>
    public void Open() => _opened.TrySetResult();
}
