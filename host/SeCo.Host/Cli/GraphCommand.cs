using SeCo.Host.Planning;

namespace SeCo.Host.Cli;

/// <summary><c>seco graph</c>: prints the pipeline's DAG as Mermaid text.</summary>
internal static class GraphCommand
{
    public static int Execute(CliSession session)
    {
        var result = session.LoadPipeline();
        if (!result.IsValid)
        {
            return session.ReportInvalid(result);
        }

        session.Text.Write(MermaidWriter.Write(result.Plan!));
        return ExitCodes.Success;
    }
}
