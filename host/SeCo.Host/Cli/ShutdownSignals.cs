using System.Runtime.InteropServices;

namespace SeCo.Host.Cli;

/// <summary>
/// Turns the first SIGINT (Ctrl-C) or SIGTERM into a cancellation the runner honours between items;
/// a second signal is left to its default action and ends the process.
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations = [];

    public ShutdownSignals(TextWriter messages)
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                if (_source.IsCancellationRequested)
                {
                    return;
                }

                context.Cancel = true;
                messages.WriteLine("Stopping after the current items (press Ctrl-C again to kill)...");
                _source.Cancel();
            }));
        }
    }

    /// <summary>Cancelled on the first signal.</summary>
    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }
}
