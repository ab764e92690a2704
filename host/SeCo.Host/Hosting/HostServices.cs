using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SeCo.Sdk.Stages;
using SeCo.Sdk.Tensors;

namespace SeCo.Host.Hosting;

/// <summary>
/// Builds the container stages are created from: logging, the tensor context, and whatever each
/// plugin's <see cref="IPluginStartup"/> registers.
/// </summary>
internal static class HostServices
{
    public static ServiceProvider Build(ILoggerFactory loggerFactory, ITensorContext tensors, IEnumerable<IPluginStartup> startups)
    {
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(tensors);
        services.AddSingleton(_ => tensors.Models);
        foreach (var startup in startups)
        {
            startup.ConfigureServices(services);
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }
}
