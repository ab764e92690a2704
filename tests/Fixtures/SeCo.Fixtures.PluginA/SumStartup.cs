using Microsoft.Extensions.DependencyInjection;
using SeCo.Sdk.Stages;

namespace SeCo.Fixtures.PluginA;

/// <summary>Registers <see cref="SumOffset"/> with the value 100.</summary>
public sealed class SumStartup : IPluginStartup
{
    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services) => services.AddSingleton(new SumOffset(100));
}
