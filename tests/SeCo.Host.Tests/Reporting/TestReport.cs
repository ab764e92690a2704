using SeCo.Host.Running;
using SeCo.Plugins.HtmlReport;

namespace SeCo.Host.Tests.Reporting;

/// <summary>Writes report.html the way the host does: reads the run folder (<see cref="RunFolderReader"/>) and hands it to the reporter.</summary>
internal static class TestReport
{
    public static string Write(string runFolder, RunReportOptions options) =>
        new RunReport().Write(RunFolderReader.Read(runFolder), options, CancellationToken.None);
}
