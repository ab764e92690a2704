using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SeCo.Host.Hosting;
using SeCo.Host.Pipelines;
using SeCo.Host.Planning;
using SeCo.Host.Plugins;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Sdk.IO;
using SeCo.Sdk.Stages;
using SeCo.Sdk.Tensors;

namespace SeCo.Host.Running;

/// <summary>
/// Runs a <see cref="PipelinePlan"/>: every stage starts as soon as the stages it depends on are done
/// (independent stages run concurrently), stages declared with <c>UsesDevice</c> hold the device lease,
/// and a stage whose folder has a valid manifest for its fingerprint is not run again. The manifest is
/// written last and atomically, and never for a failed or cancelled stage, so a killed run resumes
/// from what is really complete.
/// </summary>
internal sealed class PipelineRunner
{
    private readonly IServiceProvider _services;
    private readonly ITensorContext _tensors;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly IRunObserver _observer;
    private readonly ManifestStore _manifests;
    private int _formatNoticeGiven;
    private readonly PathPolicy _inputPaths;

    /// <param name="services">The run's services (tensor context, loggers).</param>
    /// <param name="catalog">The installed stages.</param>
    /// <param name="observer">Receives stage progress.</param>
    /// <param name="inputPaths">Where stages may read files from (the daemon's data roots); unrestricted when null.</param>
    public PipelineRunner(IServiceProvider services, StageCatalog catalog, IRunObserver observer, PathPolicy? inputPaths = null)
    {
        _inputPaths = inputPaths ?? PathPolicy.Unrestricted;
        _services = services;
        _tensors = services.GetRequiredService<ITensorContext>();
        _loggerFactory = services.GetRequiredService<ILoggerFactory>();
        _logger = _loggerFactory.CreateLogger<PipelineRunner>();
        _observer = observer;
        _manifests = new ManifestStore(new ArtifactTypeResolver(catalog));
    }

    public async Task<RunSummary> RunAsync(PipelinePlan plan, RunRequest request, CancellationToken cancellationToken)
    {
        var definition = plan.Definition;
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(definition.Workspace);
        using var workspaceLock = WorkspaceLock.Exclusive(definition.Workspace);
        var rerun = StagesToRerun(plan, request);
        var threads = NativeThreads.Resolve(request.Threads ?? definition.Threads);
        var settings = StageSettings.From(definition, threads);
        _formatNoticeGiven = 0;

        // Every stage's task exists before any starts: stages only read the (then frozen) dictionary.
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = new Dictionary<string, Task<StageResult>>(StringComparer.Ordinal);
        foreach (var stage in plan.Stages)
        {
            tasks[stage.Id] = RunStageAsync(plan, settings, stage, tasks, rerun.Contains(stage.Id), start.Task, clock, cancellationToken);
        }

        start.SetResult();
        await Task.WhenAll(tasks.Values).ConfigureAwait(false);
        var results = plan.Stages.Select(s => (Stage: s, Result: tasks[s.Id].Result)).ToList();
        var state = results.Any(r => r.Result.State == StageRunState.Failed) ? RunState.Failed
            : results.Any(r => r.Result.State is StageRunState.Cancelled or StageRunState.Pending) ? RunState.Cancelled
            : RunState.Succeeded;
        var summary = new RunSummary
        {
            Pipeline = definition.Name,
            PipelineFile = definition.FilePath,
            StartedAt = startedAt,
            FinishedAt = DateTimeOffset.UtcNow,
            DurationSeconds = clock.Elapsed.TotalSeconds,
            State = state,
            Stages = results.Select(r => new StageRunRecord
            {
                Id = r.Stage.Id,
                Use = r.Stage.Descriptor.Id,
                Inputs = r.Stage.Inputs.ToDictionary(i => i.Port, i => $"{i.SourceStage}.{i.SourcePort}", StringComparer.Ordinal),
                Fingerprint = r.Result.Fingerprint,
                OutputDirectory = r.Result.Directory,
                State = r.Result.State,
                DurationSeconds = r.Result.Seconds,
                StartSeconds = r.Result.StartSeconds,
                Error = r.Result.Error is null ? null : Describe(r.Result.Error),
                Cache = r.Result.Explanation,
            }).ToList(),
            Failures = results.Where(r => r.Result.Error is not null).ToDictionary(r => r.Stage.Id, r => r.Result.Error!, StringComparer.Ordinal),
        };
        ManifestStore.WriteRun(definition.Workspace, summary);
        // Also for a failed or cancelled run: its report says so and at which stage, and never leaves the previous run's report in place.
        RunReports.TryWrite(_services.GetServices<IRunReporter>(), definition.Workspace, _logger);

        return summary;
    }

    /// <summary>One line for a stage failure: location and message for input errors, type and message otherwise.</summary>
    public static string Describe(Exception error) =>
        error is SeCoInputException input ? input.Describe() : $"{error.GetType().Name}: {error.Message}";

    /// <summary>
    /// A stage's fingerprint from its sources' fingerprints, and the stage instance when one had to be made for its
    /// external fingerprint (<c>IFingerprintSource</c>); the caller disposes that instance.
    /// </summary>
    internal static (string Fingerprint, StageKey Key, object? Instance) Fingerprint(
        PlannedStage stage, StageSettings settings, IServiceProvider services, string pipelineDirectory, IReadOnlyDictionary<string, string> sourceFingerprints)
    {
        var invoker = StageInvoker.For(stage.Descriptor.OptionsType);
        object? instance = null;
        string? external = null;
        if (invoker.HasExternalFingerprint(stage.Descriptor.StageType))
        {
            instance = ActivatorUtilities.CreateInstance(services, stage.Descriptor.StageType);
            external = invoker.ExternalFingerprint(instance, stage.Options, pipelineDirectory);
        }

        var key = StageKey.Create(stage, settings, StageCode.Of(stage.Descriptor.StageType.Assembly), external, sourceFingerprints);
        return (FingerprintCalculator.Compute(key), key, instance);
    }

    /// <summary>The folder of a stage's outputs for a fingerprint: <c>&lt;workspace&gt;/&lt;stage&gt;-&lt;fingerprint prefix&gt;</c>.</summary>
    internal static string StageDirectory(string workspace, PlannedStage stage, string fingerprint) =>
        Path.Combine(workspace, $"{stage.Id}-{fingerprint[..FingerprintCalculator.ShortLength]}");

    /// <summary>The valid manifest's artifacts of a stage folder, or null with the reason (null reason: no manifest).</summary>
    internal IReadOnlyDictionary<string, Artifact>? TryReadManifest(string directory, string fingerprint, out string? problem) =>
        _manifests.TryRead(directory, fingerprint, out problem);

    /// <summary>
    /// Runs one stage into <paramref name="directory"/> and, for a whole run (<paramref name="shard"/> null), writes its
    /// manifest last. The caller owns (and disposes) <paramref name="instance"/>. A shard run computes only its shard's items into the stage's per-item store: it leaves the
    /// folder's temporary files alone (other shards may be writing them) and writes no manifest.
    /// </summary>
    internal async Task<IReadOnlyDictionary<string, Artifact>> ExecuteAsync(
        PipelineDefinition definition, PlannedStage stage, string fingerprint, StageKey key, string directory, StageInputs inputs,
        object instance, IServiceProvider services, ShardSpec? shard, int threads, Stopwatch clock, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        if (shard is null)
        {
            PrepareDirectory(directory);
        }

        _observer.StageStarted(stage.Id, stage.Descriptor.Id);
        var invoker = StageInvoker.For(stage.Descriptor.OptionsType);
        var context = new StageContext
        {
            StageId = stage.Id,
            OutputDirectory = directory,
            PipelineDirectory = definition.Directory,
            Logger = _loggerFactory.CreateLogger(stage.Id),
            Progress = new StageProgressReporter(stage.Id, _observer),
            Seed = definition.Seed,
            Tensors = _tensors,
            Services = services,
            Taxonomy = definition.Taxonomy,
            OnBadItem = definition.OnBadItem,
            InputPaths = _inputPaths,
            Shard = shard,
        };

        var startedAt = DateTimeOffset.UtcNow;
        StageOutputs outputs;
        using (stage.Descriptor.Attribute.UsesDevice ? await _tensors.AcquireDeviceAsync(cancellationToken).ConfigureAwait(false) : null)
        {
            // libtorch's thread count is process-wide: the device lease holder sets its run's value.
            if (stage.Descriptor.Attribute.UsesDevice && NativeThreads.Apply(threads))
            {
                _logger.LogInformation("libtorch: {Threads} CPU threads (OMP_WAIT_POLICY={WaitPolicy}, THP_MEM_ALLOC_ENABLE={HugePages})", threads,
                    Environment.GetEnvironmentVariable("OMP_WAIT_POLICY"), Environment.GetEnvironmentVariable("THP_MEM_ALLOC_ENABLE"));
            }

            outputs = await Task.Run(() => invoker.RunAsync(instance, context, stage.Options, inputs, cancellationToken)).ConfigureAwait(false);
        }

        // A stage that returns after cancellation may have stopped early: never mark it complete.
        cancellationToken.ThrowIfCancellationRequested();
        if (shard is not null)
        {
            return new Dictionary<string, Artifact>(StringComparer.Ordinal);
        }

        var artifacts = CheckOutputs(stage, outputs);
        ManifestStore.Write(directory, new StageManifest
        {
            Fingerprint = fingerprint,
            StageId = stage.Id,
            Use = stage.Descriptor.Id,
            Plugin = stage.Descriptor.Plugin.Name,
            PluginVersion = stage.Descriptor.Plugin.Version,
            Options = JsonDocument.Parse(stage.CanonicalOptions).RootElement.Clone(),
            Key = key,
            StartedAt = startedAt,
            FinishedAt = DateTimeOffset.UtcNow,
            DurationSeconds = clock.Elapsed.TotalSeconds,
            Outputs = artifacts.ToDictionary(a => a.Key, a => ManifestStore.Serialize(a.Value), StringComparer.Ordinal),
        });
        return artifacts;
    }

    private static HashSet<string> StagesToRerun(PipelinePlan plan, RunRequest request)
    {
        var rerun = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in request.Force)
        {
            _ = plan.Find(id) ?? throw new ArgumentException($"--force: the pipeline has no stage '{id}'.");
            rerun.Add(id);
            rerun.UnionWith(plan.Graph.DescendantsOf(id));
        }

        if (request.From is { } from)
        {
            var index = plan.Stages.ToList().FindIndex(s => s.Id == from);
            if (index < 0)
            {
                throw new ArgumentException($"--from: the pipeline has no stage '{from}'.");
            }

            rerun.UnionWith(plan.Stages.Skip(index).Select(s => s.Id));
        }

        return rerun;
    }

    private async Task<StageResult> RunStageAsync(PipelinePlan plan, StageSettings settings, PlannedStage stage, Dictionary<string, Task<StageResult>> tasks, bool rerun, Task start, Stopwatch runClock, CancellationToken cancellationToken)
    {
        await start.ConfigureAwait(false);
        var upstream = new Dictionary<string, StageResult>(StringComparer.Ordinal);
        foreach (var source in stage.Inputs.Select(i => i.SourceStage).Distinct())
        {
            upstream[source] = await tasks[source].ConfigureAwait(false);
        }

        if (upstream.Values.Any(r => r.State is StageRunState.Failed or StageRunState.Skipped))
        {
            _observer.StageFinished(stage.Id, StageRunState.Skipped, TimeSpan.Zero, null);
            return new StageResult(StageRunState.Skipped, "", "");
        }

        if (cancellationToken.IsCancellationRequested || upstream.Values.Any(r => r.State is StageRunState.Cancelled or StageRunState.Pending))
        {
            return new StageResult(StageRunState.Pending, "", "");
        }

        var definition = plan.Definition;
        var startSeconds = runClock.Elapsed.TotalSeconds;
        var clock = Stopwatch.StartNew();
        var fingerprint = "";
        var directory = "";
        string? explanation = null;
        object? instance = null;
        await using var scope = _services.CreateAsyncScope();
        try
        {
            StageKey key;
            (fingerprint, key, instance) = Fingerprint(stage, settings, scope.ServiceProvider, definition.Directory, upstream.ToDictionary(u => u.Key, u => u.Value.Fingerprint, StringComparer.Ordinal));
            directory = StageDirectory(definition.Workspace, stage, fingerprint);
            if (rerun)
            {
                explanation = CacheExplanation.Forced;
                if (Directory.Exists(directory))
                {
                    _logger.LogInformation("Clearing {Directory} to run {Stage} again", directory, stage.Id);
                    // The manifest goes first: a kill during the delete must not leave a "complete" folder missing files.
                    File.Delete(Path.Combine(directory, ManifestStore.FileName));
                    Directory.Delete(directory, recursive: true);
                }
            }
            else if (_manifests.TryRead(directory, fingerprint, out var problem) is { } cached)
            {
                _observer.StageExplained(stage.Id, CacheExplanation.Reused);
                _observer.StageCached(stage.Id);
                return new StageResult(StageRunState.Cached, fingerprint, directory, cached, Explanation: CacheExplanation.Reused, StartSeconds: startSeconds);
            }
            else if (problem is not null)
            {
                _logger.LogWarning("Running {Stage} again: {Problem}", stage.Id, problem);
                explanation = "re-ran: " + problem;
            }
            else
            {
                explanation = Explain(definition.Workspace, stage, key, directory);
            }

            _observer.StageExplained(stage.Id, explanation);

            var inputs = new StageInputs(stage.Inputs.ToDictionary(i => i.Port, i => upstream[i.SourceStage].Outputs![i.SourcePort], StringComparer.Ordinal));
            instance ??= ActivatorUtilities.CreateInstance(scope.ServiceProvider, stage.Descriptor.StageType);
            var artifacts = await ExecuteAsync(definition, stage, fingerprint, key, directory, inputs, instance, scope.ServiceProvider, null, settings.Threads, clock, cancellationToken).ConfigureAwait(false);
            _observer.StageFinished(stage.Id, StageRunState.Succeeded, clock.Elapsed, null);
            return new StageResult(StageRunState.Succeeded, fingerprint, directory, artifacts, clock.Elapsed.TotalSeconds, Explanation: explanation, StartSeconds: startSeconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _observer.StageFinished(stage.Id, StageRunState.Cancelled, clock.Elapsed, null);
            return new StageResult(StageRunState.Cancelled, fingerprint, directory, Seconds: clock.Elapsed.TotalSeconds, Explanation: explanation, StartSeconds: startSeconds);
        }
        catch (Exception ex)
        {
            _observer.StageFinished(stage.Id, StageRunState.Failed, clock.Elapsed, ex);
            return new StageResult(StageRunState.Failed, fingerprint, directory, Seconds: clock.Elapsed.TotalSeconds, Error: ex, Explanation: explanation, StartSeconds: startSeconds);
        }
        finally
        {
            await DisposeStageAsync(instance).ConfigureAwait(false);
        }
    }

    /// <summary>Disposes a stage instance that is (async) disposable.</summary>
    internal static async ValueTask DisposeStageAsync(object? instance)
    {
        switch (instance)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    /// <summary>
    /// Why a stage that has no usable manifest for its key runs: resumed, first run, or what changed since the
    /// stage's latest manifest. The first stage of a run that meets a manifest of the old format logs the
    /// one-line notice.
    /// </summary>
    private string Explain(string workspace, PlannedStage stage, StageKey key, string directory)
    {
        if (Directory.Exists(directory))
        {
            return CacheExplanation.Resumed;
        }

        using var options = JsonDocument.Parse(stage.CanonicalOptions);
        var explanation = CacheExplanation.Compare(key, options.RootElement, ManifestStore.FindPrevious(workspace, stage.Id, directory));
        if (explanation == CacheExplanation.FormatChanged && Interlocked.Exchange(ref _formatNoticeGiven, 1) == 0)
        {
            _logger.LogWarning(CacheExplanation.FormatNotice);
        }

        return explanation;
    }

    /// <summary>Removes what an interrupted run may have left that is not a result: temp files and an unusable manifest.</summary>
    private static void PrepareDirectory(string directory)
    {
        File.Delete(Path.Combine(directory, ManifestStore.FileName));
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(file).Contains(AtomicFile.TempMarker, StringComparison.Ordinal))
            {
                File.Delete(file);
            }
        }
    }

    private static Dictionary<string, Artifact> CheckOutputs(PlannedStage stage, StageOutputs outputs)
    {
        var artifacts = new Dictionary<string, Artifact>(StringComparer.Ordinal);
        foreach (var port in stage.Descriptor.Outputs)
        {
            if (!outputs.Artifacts.TryGetValue(port.Name, out var artifact))
            {
                throw new InvalidOperationException($"Stage '{stage.Id}' ({stage.Descriptor.Id}) returned no artifact for its output port '{port.Name}'.");
            }

            if (!port.ArtifactType.IsInstanceOfType(artifact))
            {
                throw new InvalidOperationException(
                    $"Stage '{stage.Id}' ({stage.Descriptor.Id}) returned a {artifact.GetType().Name} for output port '{port.Name}', which is declared as {port.ArtifactType.Name}.");
            }

            artifacts[port.Name] = artifact;
        }

        return artifacts;
    }

    private sealed record StageResult(
        StageRunState State,
        string Fingerprint,
        string Directory,
        IReadOnlyDictionary<string, Artifact>? Outputs = null,
        double Seconds = 0,
        Exception? Error = null,
        string? Explanation = null,
        double? StartSeconds = null);
}
