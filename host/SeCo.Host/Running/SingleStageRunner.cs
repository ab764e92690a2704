using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SeCo.Host.Hosting;
using SeCo.Host.Planning;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Stages;

namespace SeCo.Host.Running;

/// <summary>
/// <c>seco run --only STAGE [--shard i/N]</c>: runs one stage from its inputs' manifests, which must exist (the stages
/// before it are never run here), either whole (with its manifest) or for one shard of its items (no manifest: a
/// later whole run finds those items done). Holds the workspace lock shared and the stage's lock
/// (<see cref="WorkspaceLock"/>), so shards of one stage run as concurrent processes, on one machine or many.
/// </summary>
internal sealed class SingleStageRunner(IServiceProvider services, PipelineRunner runner, IRunObserver observer)
{
    public async Task<SingleStageOutcome> RunAsync(PipelinePlan plan, string stageId, ShardSpec? shard, int? threads, CancellationToken cancellationToken)
    {
        var definition = plan.Definition;
        var target = plan.Find(stageId) ?? throw new ArgumentException($"--only: the pipeline has no stage '{stageId}'.", nameof(stageId));
        if (shard is not null && !target.Descriptor.Attribute.Shardable)
        {
            throw new ArgumentException($"--shard: stage '{stageId}' ({target.Descriptor.Id}) is not shardable.", nameof(shard));
        }

        Directory.CreateDirectory(definition.Workspace);
        using var workspaceLock = WorkspaceLock.Shared(definition.Workspace);
        var ancestors = AncestorsOf(plan, stageId);
        var fingerprints = new Dictionary<string, string>(StringComparer.Ordinal);
        var settings = StageSettings.From(definition, NativeThreads.Resolve(threads ?? definition.Threads));
        var outputs = new Dictionary<string, IReadOnlyDictionary<string, Artifact>>(StringComparer.Ordinal);
        var incomplete = new List<string>();
        var clock = Stopwatch.StartNew();
        var directory = "";
        object? instance = null;
        await using var scope = services.CreateAsyncScope();
        try
        {
            foreach (var stage in plan.Stages.Where(s => ancestors.Contains(s.Id)))
            {
                var (fingerprint, _, made) = PipelineRunner.Fingerprint(stage, settings, scope.ServiceProvider, definition.Directory, SourceFingerprints(stage, fingerprints));
                await PipelineRunner.DisposeStageAsync(made).ConfigureAwait(false);
                fingerprints[stage.Id] = fingerprint;
                if (runner.TryReadManifest(PipelineRunner.StageDirectory(definition.Workspace, stage, fingerprint), fingerprint, out _) is { } artifacts)
                {
                    outputs[stage.Id] = artifacts;
                }
                else
                {
                    incomplete.Add(stage.Id);
                }
            }

            if (target.Inputs.Any(i => !outputs.ContainsKey(i.SourceStage)))
            {
                return new SingleStageOutcome(StageRunState.Pending, "", incomplete);
            }

            string targetFingerprint;
            StageKey targetKey;
            (targetFingerprint, targetKey, instance) = PipelineRunner.Fingerprint(target, settings, scope.ServiceProvider, definition.Directory, SourceFingerprints(target, fingerprints));
            directory = PipelineRunner.StageDirectory(definition.Workspace, target, targetFingerprint);
            using var stageLock = WorkspaceLock.Stage(definition.Workspace, Path.GetFileName(directory), exclusive: shard is null);
            if (runner.TryReadManifest(directory, targetFingerprint, out _) is not null)
            {
                observer.StageCached(stageId);
                return new SingleStageOutcome(StageRunState.Cached, directory, []);
            }

            var inputs = new StageInputs(target.Inputs.ToDictionary(i => i.Port, i => outputs[i.SourceStage][i.SourcePort], StringComparer.Ordinal));
            instance ??= ActivatorUtilities.CreateInstance(scope.ServiceProvider, target.Descriptor.StageType);
            await runner.ExecuteAsync(definition, target, targetFingerprint, targetKey, directory, inputs, instance, scope.ServiceProvider, shard, settings.Threads, clock, cancellationToken).ConfigureAwait(false);
            observer.StageFinished(stageId, StageRunState.Succeeded, clock.Elapsed, null);
            return new SingleStageOutcome(StageRunState.Succeeded, directory, []);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            observer.StageFinished(stageId, StageRunState.Cancelled, clock.Elapsed, null);
            return new SingleStageOutcome(StageRunState.Cancelled, directory, []);
        }
        catch (Exception ex) when (ex is not ArgumentException)
        {
            observer.StageFinished(stageId, StageRunState.Failed, clock.Elapsed, ex);
            return new SingleStageOutcome(StageRunState.Failed, directory, [], ex);
        }
        finally
        {
            await PipelineRunner.DisposeStageAsync(instance).ConfigureAwait(false);
        }
    }

    /// <summary>Every stage <paramref name="stageId"/> depends on, directly or not.</summary>
    internal static HashSet<string> AncestorsOf(PipelinePlan plan, string stageId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([stageId]);
        while (stack.Count > 0)
        {
            foreach (var predecessor in plan.Graph.PredecessorsOf(stack.Pop()))
            {
                if (seen.Add(predecessor))
                {
                    stack.Push(predecessor);
                }
            }
        }

        return seen;
    }

    private static Dictionary<string, string> SourceFingerprints(PlannedStage stage, Dictionary<string, string> fingerprints) =>
        stage.Inputs.Select(i => i.SourceStage).Distinct().ToDictionary(s => s, s => fingerprints[s], StringComparer.Ordinal);
}
