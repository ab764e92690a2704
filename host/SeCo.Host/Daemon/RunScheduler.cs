using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SeCo.Host.Hosting;
using SeCo.Host.Pipelines;
using SeCo.Host.Planning;
using SeCo.Host.Plugins;
using SeCo.Host.Running;
using SeCo.Host.Runtime;
using SeCo.Sdk.Tensors;

namespace SeCo.Host.Daemon;

/// <summary>
/// Runs queued runs through the <see cref="PipelineRunner"/>, at most
/// <see cref="DaemonOptions.MaxConcurrentRuns"/> at a time, in submission order, each with its own
/// cancellation token. On start, runs a dead daemon left <c>running</c> become <c>interrupted</c> and
/// are queued again before anything new; the stage cache makes them resume. On shutdown, running runs
/// are cancelled and left <c>interrupted</c>, to be resumed by the next start. Runs sharing a workspace
/// run one after the other.
/// </summary>
internal sealed partial class RunScheduler(
    RunStore store,
    RunEventWriter events,
    RunEventSignal signal,
    StageCatalog catalog,
    TensorContexts tensors,
    IEnumerable<ILoggerProvider> loggerProviders,
    DaemonOptions options,
    DataRoots roots,
    DaemonStartGate gate,
    ILogger<RunScheduler> logger) : BackgroundService
{
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, RunningRun> _running = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _workspaces = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private volatile bool _ready;

    /// <summary>True once interrupted runs are re-queued and the scheduler takes work.</summary>
    public bool IsReady => _ready;

    /// <summary>Queues a run that the store holds as queued.</summary>
    public void Enqueue(string runId) => _queue.Writer.TryWrite(runId);

    public CancelOutcome Cancel(string runId)
    {
        lock (_lock)
        {
            if (_running.TryGetValue(runId, out var running))
            {
                running.CancelledByUser = true;
                running.Cancellation.Cancel();
                return CancelOutcome.Requested;
            }

            if (store.TryCancelWaiting(runId))
            {
                signal.Pulse();
                return CancelOutcome.Cancelled;
            }
        }

        return store.Get(runId) is null ? CancelOutcome.NotFound : CancelOutcome.AlreadyFinished;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Nothing runs before the daemon listens (and has checked what it listens on): a bind failure must not leave runs started.
        try
        {
            await gate.Opened.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The daemon stopped before it listened (a bind failure): nothing was started.
            return;
        }

        var (interrupted, failed) = store.InterruptRunning(options.MaxAttempts);
        var waiting = store.Waiting();
        foreach (var id in waiting)
        {
            Enqueue(id);
        }

        if (failed > 0)
        {
            signal.Pulse();
            LogGaveUp(failed, options.MaxAttempts);
        }

        LogStarted(interrupted, waiting.Count, options.MaxConcurrentRuns);
        _ready = true;
        using var slots = new SemaphoreSlim(options.MaxConcurrentRuns);
        var active = new List<Task>();
        try
        {
            await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                active.RemoveAll(t => t.IsCompleted);
                active.Add(RunAndReleaseAsync(id, slots, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the running runs see the same token and end interrupted.
        }

        await Task.WhenAll(active).ConfigureAwait(false);
    }

    private async Task RunAndReleaseAsync(string runId, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Run(() => RunAsync(runId, stoppingToken), CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task RunAsync(string runId, CancellationToken stoppingToken)
    {
        RunningRun running;
        lock (_lock)
        {
            if (stoppingToken.IsCancellationRequested || !store.TryStart(runId))
            {
                return;
            }

            running = new RunningRun(CancellationTokenSource.CreateLinkedTokenSource(stoppingToken));
            _running.Add(runId, running);
        }

        var attempt = store.Get(runId)?.Attempts ?? 1;
        events.Append(runId, "run.started", new { attempt });
        LogRunStarted(runId, attempt);
        string state;
        string? error = null;
        try
        {
            (state, error) = await ExecuteRunAsync(runId, running.Cancellation.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A run that cannot even start must still end in a state a client can see.
            LogRunCrashed(runId, ex);
            (state, error) = (RunStates.Failed, PipelineRunner.Describe(ex));
        }

        lock (_lock)
        {
            _running.Remove(runId);
            if (state == RunStates.Cancelled && !running.CancelledByUser && stoppingToken.IsCancellationRequested)
            {
                state = RunStates.Interrupted;
            }

            store.TryFinish(runId, state, error);
        }

        signal.Pulse();
        running.Cancellation.Dispose();
        LogRunFinished(runId, state);
    }

    private async Task<(string State, string? Error)> ExecuteRunAsync(string runId, CancellationToken cancellationToken)
    {
        var submission = store.GetSubmission(runId) ?? throw new InvalidOperationException($"Run {runId} has no stored submission.");
        var sets = submission.Sets.Select(SetOverride.Parse).ToList();
        var loaded = PipelineLoader.Load(submission.PipelineFile, submission.Document, sets, catalog, Environment.GetEnvironmentVariable);
        if (!loaded.IsValid)
        {
            // The plugins changed since the submission (the daemon restarted with other plugins).
            return (RunStates.Failed, string.Join(Environment.NewLine, loaded.Errors));
        }

        var plan = loaded.Plan!;
        // The run leases the models it loads until it ends; the cache keeps them for the next run.
        using var tensorContext = tensors.ForRun(plan.Definition.Device, change => ReportModel(runId, change));
        using var runLoggers = new LoggerFactory([.. loggerProviders, new RunLogProvider(runId, events)], new LoggerFilterOptions { MinLevel = LogLevel.Information });
        await using var services = HostServices.Build(runLoggers, tensorContext, catalog.Startups);
        var runner = new PipelineRunner(services, catalog, new RunEventRecorder(runId, store, events), roots.Policy);

        // Two runs of one workspace take turns (the runner locks the workspace); the second then finds the first's cache.
        var workspace = _workspaces.GetOrAdd(plan.Definition.Workspace, _ => new SemaphoreSlim(1, 1));
        RunSummary summary;
        try
        {
            await workspace.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (RunStates.Cancelled, null);
        }

        try
        {
            summary = await runner.RunAsync(plan, RunRequest.Default, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            workspace.Release();
        }

        foreach (var stage in summary.Stages)
        {
            store.UpdateStage(runId, stage.Id, RunStates.Text(stage.State), seconds: stage.DurationSeconds, error: stage.Error,
                outputDirectory: stage.OutputDirectory.Length == 0 ? null : stage.OutputDirectory);
        }

        var failures = summary.Failures.Count == 0 ? null : string.Join(Environment.NewLine, summary.Failures.Select(f => $"[{f.Key}] {PipelineRunner.Describe(f.Value)}"));
        return summary.State switch
        {
            RunState.Succeeded => (RunStates.Succeeded, null),
            RunState.Failed => (RunStates.Failed, failures),
            _ => (RunStates.Cancelled, null),
        };
    }

    /// <summary>Appends <c>model.loaded</c>, <c>model.reused</c> or <c>model.evicted</c> to the run's events and logs it.</summary>
    private void ReportModel(string runId, ModelCacheEvent change)
    {
        var kind = change.Kind.ToString().ToLowerInvariant();
        events.Append(runId, "model." + kind, new
        {
            key = change.Key,
            bytes = change.Bytes,
            loadMs = change.Kind == ModelCacheEventKind.Loaded ? Math.Round(change.LoadTime.TotalMilliseconds, 1) : (double?)null,
            cachedBytes = change.CachedBytes,
            budgetBytes = change.BudgetBytes,
        });
        LogModel(runId, kind, change.Key, ByteSize.Format(change.Bytes), change.LoadTime.TotalMilliseconds, ByteSize.Format(change.CachedBytes), ByteSize.Format(change.BudgetBytes));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: model {Kind} {Key} ({Size}, load {LoadMs:0} ms); resident {Cached} of {Budget}")]
    private partial void LogModel(string runId, string kind, string key, string size, double loadMs, string cached, string budget);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Failed} runs were interrupted {MaxAttempts} times and are marked failed instead of being resumed")]
    private partial void LogGaveUp(int failed, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler started: {Interrupted} interrupted runs, {Waiting} runs waiting, {Slots} concurrent runs")]
    private partial void LogStarted(int interrupted, int waiting, int slots);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} started (attempt {Attempt})")]
    private partial void LogRunStarted(string runId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} ended {State}")]
    private partial void LogRunFinished(string runId, string state);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} could not run")]
    private partial void LogRunCrashed(string runId, Exception exception);

    private sealed class RunningRun(CancellationTokenSource cancellation)
    {
        public CancellationTokenSource Cancellation { get; } = cancellation;

        public bool CancelledByUser { get; set; }
    }
}
