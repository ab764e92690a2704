using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SeCo.Host.Planning;
using SeCo.Host.Plugins;
using SeCo.Host.Reporting;
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
    private const string LockFileName = ".seco.lock";

    private readonly IServiceProvider _services;
    private readonly ITensorContext _tensors;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly IRunObserver _observer;
    private readonly ManifestStore _manifests;

    public PipelineRunner(IServiceProvider services, StageCatalog catalog, IRunObserver observer)
    {
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
        using var workspaceLock = LockWorkspace(definition.Workspace);
        var rerun = StagesToRerun(plan, request);

        // Every stage's task exists before any starts: stages only read the (then frozen) dictionary.
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = new Dictionary<string, Task<StageResult>>(StringComparer.Ordinal);
        foreach (var stage in plan.Stages)
        {
            tasks[stage.Id] = RunStageAsync(plan, stage, tasks, rerun.Contains(stage.Id), start.Task, cancellationToken);
        }

        start.SetResult();
        await Task.WhenAll(tasks.Values).ConfigureAwait(false);
        var results = plan.Stages.Select(s => (Stage: s, Result: tasks[s.Id].Result)).ToList();
        var state = results.Any(r => r.Result.State == StageRunState.Failed) ? "Failed"
            : results.Any(r => r.Result.State is StageRunState.Cancelled or StageRunState.Pending) ? "Cancelled"
            : "Succeeded";
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
                Error = r.Result.Error is null ? null : Describe(r.Result.Error),
            }).ToList(),
            Failures = results.Where(r => r.Result.Error is not null).ToDictionary(r => r.Stage.Id, r => r.Result.Error!, StringComparer.Ordinal),
        };
        AtomicFile.WriteAllText(Path.Combine(definition.Workspace, RunSummary.FileName), JsonSerializer.Serialize(summary, ManifestStore.JsonOptions));
        // Also for a failed or cancelled run: its report says so and at which stage, and never leaves the previous run's report in place.
        RunReport.TryWrite(definition.Workspace, new ReportOptions(), _logger);

        return summary;
    }

    /// <summary>One line for a stage failure: location and message for input errors, type and message otherwise.</summary>
    public static string Describe(Exception error) =>
        error is SeCoInputException input ? input.Describe() : $"{error.GetType().Name}: {error.Message}";

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

    private async Task<StageResult> RunStageAsync(PipelinePlan plan, PlannedStage stage, Dictionary<string, Task<StageResult>> tasks, bool rerun, Task start, CancellationToken cancellationToken)
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
        var clock = Stopwatch.StartNew();
        var fingerprint = "";
        var directory = "";
        object? instance = null;
        await using var scope = _services.CreateAsyncScope();
        try
        {
            var invoker = StageInvoker.For(stage.Descriptor.OptionsType);
            string? external = null;
            if (invoker.HasExternalFingerprint(stage.Descriptor.StageType))
            {
                instance = ActivatorUtilities.CreateInstance(scope.ServiceProvider, stage.Descriptor.StageType);
                external = invoker.ExternalFingerprint(instance, stage.Options, definition.Directory);
            }

            fingerprint = FingerprintCalculator.Compute(stage, external, upstream.ToDictionary(u => u.Key, u => u.Value.Fingerprint, StringComparer.Ordinal));
            directory = Path.Combine(definition.Workspace, $"{stage.Id}-{fingerprint[..FingerprintCalculator.ShortLength]}");
            if (rerun)
            {
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
                _observer.StageCached(stage.Id);
                return new StageResult(StageRunState.Cached, fingerprint, directory, cached);
            }
            else if (problem is not null)
            {
                _logger.LogWarning("Running {Stage} again: {Problem}", stage.Id, problem);
            }

            Directory.CreateDirectory(directory);
            PrepareDirectory(directory);
            var inputs = new StageInputs(stage.Inputs.ToDictionary(i => i.Port, i => upstream[i.SourceStage].Outputs![i.SourcePort], StringComparer.Ordinal));
            _observer.StageStarted(stage.Id, stage.Descriptor.Id);
            instance ??= ActivatorUtilities.CreateInstance(scope.ServiceProvider, stage.Descriptor.StageType);
            var context = new StageContext
            {
                StageId = stage.Id,
                OutputDirectory = directory,
                PipelineDirectory = definition.Directory,
                Logger = _loggerFactory.CreateLogger(stage.Id),
                Progress = new StageProgressReporter(stage.Id, _observer),
                Seed = definition.Seed,
                Tensors = _tensors,
                Services = scope.ServiceProvider,
                Taxonomy = definition.Taxonomy,
                OnBadItem = definition.OnBadItem,
            };

            var startedAt = DateTimeOffset.UtcNow;
            StageOutputs outputs;
            using (stage.Descriptor.Attribute.UsesDevice ? await _tensors.AcquireDeviceAsync(cancellationToken).ConfigureAwait(false) : null)
            {
                var stageInstance = instance;
                outputs = await Task.Run(() => invoker.RunAsync(stageInstance, context, stage.Options, inputs, cancellationToken)).ConfigureAwait(false);
            }

            // A stage that returns after cancellation may have stopped early: never mark it complete.
            cancellationToken.ThrowIfCancellationRequested();
            var artifacts = CheckOutputs(stage, outputs);
            ManifestStore.Write(directory, new StageManifest
            {
                Fingerprint = fingerprint,
                StageId = stage.Id,
                Use = stage.Descriptor.Id,
                Plugin = stage.Descriptor.Plugin.Name,
                PluginVersion = stage.Descriptor.Plugin.Version,
                Options = JsonDocument.Parse(stage.CanonicalOptions).RootElement.Clone(),
                StartedAt = startedAt,
                FinishedAt = DateTimeOffset.UtcNow,
                DurationSeconds = clock.Elapsed.TotalSeconds,
                Outputs = artifacts.ToDictionary(a => a.Key, a => ManifestStore.Serialize(a.Value), StringComparer.Ordinal),
            });
            _observer.StageFinished(stage.Id, StageRunState.Succeeded, clock.Elapsed, null);
            return new StageResult(StageRunState.Succeeded, fingerprint, directory, artifacts, clock.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _observer.StageFinished(stage.Id, StageRunState.Cancelled, clock.Elapsed, null);
            return new StageResult(StageRunState.Cancelled, fingerprint, directory, Seconds: clock.Elapsed.TotalSeconds);
        }
        catch (Exception ex)
        {
            _observer.StageFinished(stage.Id, StageRunState.Failed, clock.Elapsed, ex);
            return new StageResult(StageRunState.Failed, fingerprint, directory, Seconds: clock.Elapsed.TotalSeconds, Error: ex);
        }
        finally
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

    private static FileStream LockWorkspace(string workspace)
    {
        var path = Path.Combine(workspace, LockFileName);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new SeCoInputException(workspace, "Another seco run is using this workspace; wait for it to finish or stop it.", ex);
        }
    }

    private sealed record StageResult(
        StageRunState State,
        string Fingerprint,
        string Directory,
        IReadOnlyDictionary<string, Artifact>? Outputs = null,
        double Seconds = 0,
        Exception? Error = null);
}
