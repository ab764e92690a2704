using Microsoft.Extensions.DependencyInjection;

namespace SeCo.Sdk.Stages;

/// <summary>
/// Optional entry point of a plugin assembly: registers services (model factories, caches) in the
/// host's container before any stage is created. Needs a public parameterless constructor.
/// </summary>
public interface IPluginStartup
{
    /// <summary>Adds the plugin's services.</summary>
    void ConfigureServices(IServiceCollection services);
}
