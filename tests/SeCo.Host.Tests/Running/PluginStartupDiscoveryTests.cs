using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SeCo.Host.Hosting;
using SeCo.Host.Tests.Stages;
using SeCo.Sdk.Tensors;

namespace SeCo.Host.Tests.Running;

public sealed class PluginStartupDiscoveryTests
{
    [Fact]
    public void Startups_of_stage_assemblies_are_found_and_their_services_registered()
    {
        var startups = PluginStartupDiscovery.FromCatalog(TestCatalog.Create());

        startups.Should().ContainSingle().Which.Should().BeOfType<TestStartup>();
        using var tensors = new LazyTensorContext("cpu");
        using var services = HostServices.Build(NullLoggerFactory.Instance, tensors, startups);
        services.GetRequiredService<RunLog>().Should().BeSameAs(services.GetRequiredService<RunLog>());
        services.GetRequiredService<ITensorContext>().Should().BeSameAs(tensors);
        tensors.IsCreated.Should().BeFalse();
    }
}
