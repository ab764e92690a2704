namespace SeCo.Host.Cli;

/// <summary><c>seco validate</c>: reports every problem of a pipeline, or that it is valid.</summary>
internal static class ValidateCommand
{
    public static int Execute(CliSession session)
    {
        var result = session.LoadPipeline();
        if (!result.IsValid)
        {
            return session.ReportInvalid(result);
        }

        var plan = result.Plan!;
        using (var tensors = session.CreateTensorContext(plan))
        {
            if (tensors is null)
            {
                return ExitCodes.InvalidUsage;
            }
        }

        session.Text.WriteLine($"{session.CommandLine.PipelinePath} is valid: {plan.Stages.Count} stages ({string.Join(" → ", plan.Stages.Select(s => s.Id))}).");
        return ExitCodes.Success;
    }
}
