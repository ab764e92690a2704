using Microsoft.Extensions.DependencyInjection;
using SeCo.Sdk.Runs;
using SeCo.Sdk.Stages;

namespace SeCo.Plugins.HtmlReport;

/// <summary>Offers <c>report.html</c> to the host: registers <see cref="RunReport"/> as an <see cref="IRunReporter"/>.</summary>
public sealed class ReportStartup : IPluginStartup
{
    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services) => services.AddSingleton<IRunReporter, RunReport>();
}
