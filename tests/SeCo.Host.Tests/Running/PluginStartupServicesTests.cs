using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SeCo.Host.Hosting;
using SeCo.Host.Tests.Stages;
using SeCo.Sdk.Tensors;

namespace SeCo.Host.Tests.Running;

public sealed class PluginStartupServicesTests
{
    [Fact]
    public void Catalog_startups_register_their_services_without_creating_the_tensor_context()
    {
        var startups = TestCatalog.Create().Startups;

        startups.Select(s => s.GetType()).Should().Equal(typeof(TestStartup), typeof(SeCo.Plugins.HtmlReport.ReportStartup));
        using var tensors = new LazyTensorContext("cpu");
        using var services = HostServices.Build(NullLoggerFactory.Instance, tensors, startups);
        services.GetRequiredService<RunLog>().Should().BeSameAs(services.GetRequiredService<RunLog>());
        services.GetRequiredService<ITensorContext>().Should().BeSameAs(tensors);
        services.GetServices<IRunReporter>().Should().ContainSingle("the report plugin's startup registers its reporter");
        tensors.IsCreated.Should().BeFalse();
    }
}
