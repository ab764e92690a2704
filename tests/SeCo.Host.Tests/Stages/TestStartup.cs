using Microsoft.Extensions.DependencyInjection;
using SeCo.Sdk.Stages;

namespace SeCo.Host.Tests.Stages;

/// <summary>The test "plugin"'s startup: gives every service provider its own <see cref="RunLog"/> unless one is passed in.</summary>
public sealed class TestStartup : IPluginStartup
{
    private readonly RunLog? _log;

    public TestStartup() => _log = null;

    public TestStartup(RunLog log) => _log = log;

    public void ConfigureServices(IServiceCollection services)
    {
        if (_log is null)
        {
            services.AddSingleton<RunLog>();
        }
        else
        {
            services.AddSingleton(_log);
        }
    }
}
