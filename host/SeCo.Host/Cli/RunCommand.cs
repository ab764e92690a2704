using SeCo.Host.Hosting;
using SeCo.Host.Running;
using SeCo.Sdk.Errors;
using Spectre.Console;

namespace SeCo.Host.Cli;

/// <summary>
/// <c>seco run</c>: validates, then runs the pipeline with the stage cache, showing progress, and maps
/// the outcome to an exit code (0 ok, 1 a stage failed, 2 invalid, 130 cancelled).
/// </summary>
internal static class RunCommand
{
    public static async Task<int> ExecuteAsync(CliSession session, CancellationToken cancellationToken)
    {
        var result = session.LoadPipeline();
        if (!result.IsValid)
        {
            return session.ReportInvalid(result);
        }

        var plan = result.Plan!;
        var commandLine = session.CommandLine;
        foreach (var id in commandLine.Force.Append(commandLine.From).OfType<string>())
        {
            if (plan.Find(id) is null)
            {
                session.Error.WriteLine($"The pipeline has no stage '{id}' (given to --force/--from). Stages: {string.Join(", ", plan.Stages.Select(s => s.Id))}.");
                return ExitCodes.InvalidUsage;
            }
        }

        if (session.CreateTensorContext(plan) is not { } tensors)
        {
            return ExitCodes.InvalidUsage;
        }

        using (tensors)
        {
            await using var services = HostServices.Build(session.LoggerFactory, tensors, session.Catalog.Startups);
            if (commandLine.Only is not null)
            {
                return await OnlyRunCommand.ExecuteAsync(session, services, plan, cancellationToken).ConfigureAwait(false);
            }

            var request = new RunRequest { Force = commandLine.Force, From = commandLine.From, Threads = commandLine.Threads };
            RunSummary summary;
            try
            {
                summary = await RunWithProgressAsync(session, services, plan, request, cancellationToken).ConfigureAwait(false);
            }
            catch (SeCoInputException ex)
            {
                session.Error.WriteLine(ex.Describe());
                return ExitCodes.RunFailed;
            }

            foreach (var (stageId, error) in summary.Failures)
            {
                session.Error.WriteLine($"[{stageId}] failed: {PipelineRunner.Describe(error)}");
                if (commandLine.Verbose)
                {
                    session.Error.WriteLine(error.ToString());
                }
            }

            if (commandLine.Explain)
            {
                WriteExplanations(session.Text, summary);
            }

            var counts = summary.Stages.GroupBy(s => s.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
            session.Text.WriteLine($"{summary.Pipeline}: {summary.State.ToString().ToLowerInvariant()} in {summary.DurationSeconds:0.0} s ({string.Join(", ", counts)}); workspace {plan.Definition.Workspace}");
            return summary.State switch
            {
                RunState.Succeeded => ExitCodes.Success,
                _ when cancellationToken.IsCancellationRequested => ExitCodes.Cancelled,
                RunState.Failed => ExitCodes.RunFailed,
                RunState.Cancelled => ExitCodes.Cancelled,
                _ => ExitCodes.Success,
            };
        }
    }

    /// <summary><c>--explain</c>: one line per stage, in pipeline order, saying why it ran or was reused.</summary>
    internal static void WriteExplanations(TextWriter output, RunSummary summary)
    {
        var width = summary.Stages.Select(s => s.Id.Length).DefaultIfEmpty(0).Max();
        output.WriteLine("Why each stage ran:");
        foreach (var stage in summary.Stages)
        {
            var why = stage.Cache ?? (stage.State == StageRunState.Skipped ? "skipped: an input stage failed" : "not started");
            output.WriteLine($"  {stage.Id.PadRight(width)}  {why}");
        }
    }

    private static async Task<RunSummary> RunWithProgressAsync(CliSession session, IServiceProvider services, Planning.PipelinePlan plan, RunRequest request, CancellationToken cancellationToken)
    {
        if (session.CommandLine.Quiet || !session.Out.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
        {
            var runner = new PipelineRunner(services, session.Catalog, new LogLineProgressView(session.CommandLine.Quiet ? TextWriter.Null : session.Text));
            return await runner.RunAsync(plan, request, cancellationToken).ConfigureAwait(false);
        }

        var view = new LiveProgressView();
        var live = new PipelineRunner(services, session.Catalog, view);
        return await LiveProgressView.CreateDisplay(session.Out).StartAsync(async context =>
        {
            view.Attach(context);
            return await live.RunAsync(plan, request, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }
}
