using SeCo.Host.Planning;
using SeCo.Host.Running;
using SeCo.Sdk.Errors;

namespace SeCo.Host.Cli;

/// <summary>
/// <c>seco run --only STAGE [--shard i/N]</c>: one stage, whole or one shard of its items, from its inputs' manifests.
/// Exit codes: 0 done (or already complete), 1 the stage failed, 2 the stage is unknown, not shardable, or its inputs
/// are not complete (the message names the stages to run first), 130 cancelled.
/// </summary>
internal static class OnlyRunCommand
{
    public static async Task<int> ExecuteAsync(CliSession session, IServiceProvider services, PipelinePlan plan, CancellationToken cancellationToken)
    {
        var commandLine = session.CommandLine;
        var id = commandLine.Only!;
        var stage = plan.Find(id);
        if (stage is null)
        {
            session.Error.WriteLine($"The pipeline has no stage '{id}' (given to --only). Stages: {string.Join(", ", plan.Stages.Select(s => s.Id))}.");
            return ExitCodes.InvalidUsage;
        }

        if (commandLine.Shard is not null && !stage.Descriptor.Attribute.Shardable)
        {
            var shardable = plan.Stages.Where(s => s.Descriptor.Attribute.Shardable).Select(s => s.Id).ToList();
            session.Error.WriteLine($"Stage '{id}' ({stage.Descriptor.Id}) is not shardable: it needs all items at once. Run it whole with --only {id}. " +
                (shardable.Count == 0 ? "No stage of this pipeline is shardable." : $"Shardable stages of this pipeline: {string.Join(", ", shardable)}."));
            return ExitCodes.InvalidUsage;
        }

        var observer = new LogLineProgressView(session.Text);
        var runner = new PipelineRunner(services, session.Catalog, observer);
        SingleStageOutcome outcome;
        try
        {
            outcome = await new SingleStageRunner(services, runner, observer).RunAsync(plan, id, commandLine.Shard, commandLine.Threads, cancellationToken).ConfigureAwait(false);
        }
        catch (SeCoInputException ex)
        {
            session.Error.WriteLine(ex.Describe());
            return ExitCodes.RunFailed;
        }

        var what = commandLine.Shard is null ? $"stage {id}" : $"shard {commandLine.Shard} of stage {id}";
        switch (outcome.State)
        {
            case StageRunState.Pending:
                session.Error.WriteLine($"Stage '{id}' needs the outputs of stages that are not complete in {plan.Definition.Workspace}: " +
                    $"{string.Join(", ", outcome.RunFirst)}. Run them first (seco run --only STAGE for each, in this order).");
                return ExitCodes.InvalidUsage;
            case StageRunState.Failed:
                session.Error.WriteLine($"[{id}] failed: {PipelineRunner.Describe(outcome.Error!)}");
                if (commandLine.Verbose)
                {
                    session.Error.WriteLine(outcome.Error!.ToString());
                }

                return ExitCodes.RunFailed;
            case StageRunState.Cancelled:
                return ExitCodes.Cancelled;
            case StageRunState.Cached:
                session.Text.WriteLine($"{what}: already complete ({outcome.Directory}); nothing to do");
                return ExitCodes.Success;
            default:
                session.Text.WriteLine(commandLine.Shard is null
                    ? $"{what}: done; {outcome.Directory}"
                    : $"{what}: done; its items are in {outcome.Directory} (a plain seco run completes the stage's manifest)");
                return ExitCodes.Success;
        }
    }
}
