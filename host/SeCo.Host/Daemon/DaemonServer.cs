using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SeCo.Host.Plugins;

namespace SeCo.Host.Daemon;

/// <summary>Builds the daemon: Kestrel on the configured URLs, the run store, the scheduler and the API, on the Generic Host.</summary>
internal static class DaemonServer
{
    /// <summary>How long shutdown waits for running stages to stop after their token is cancelled.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    public static WebApplication Build(DaemonOptions options, StageCatalog catalog, Action<ILoggingBuilder> configureLogging)
    {
        Directory.CreateDirectory(options.StateDirectory);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "seco",
            ContentRootPath = options.StateDirectory,
            Args = [],
        });
        builder.WebHost.UseUrls([.. BindAddresses.Split(options.Urls)]);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = DaemonOptions.MaxRequestBodyBytes);
        builder.Logging.ClearProviders();
        configureLogging(builder.Logging);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);

        // Under systemd (Type=notify): READY=1 once listening, STOPPING=1 on stop, journald log levels. A no-op elsewhere.
        builder.Services.AddSystemd();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton(new DataRoots(options.DataRoots));
        builder.Services.AddSingleton(_ => new RunStore(options.StateDirectory));
        builder.Services.AddSingleton<RunEventSignal>();
        builder.Services.AddSingleton<RunEventWriter>();
        builder.Services.AddSingleton<TensorContexts>();
        builder.Services.AddSingleton<DaemonStartGate>();
        builder.Services.AddSingleton<RunScheduler>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RunScheduler>());
        builder.Services.AddSingleton<RunSubmitter>();

        var app = builder.Build();
        if (options.Token is { } token)
        {
            app.UseMiddleware<BearerTokenMiddleware>(token);
        }

        DaemonApi.Map(app);
        return app;
    }

    /// <summary>
    /// Listen URLs that ASP.NET configuration adds beside <c>--urls</c>: Kestrel endpoints from an
    /// <c>appsettings.json</c> in the state folder or from the environment (<c>Kestrel__Endpoints__NAME__Url</c>).
    /// Kestrel binds those instead of <c>--urls</c>, so the token rule must see them.
    /// </summary>
    public static IReadOnlyList<string> ConfiguredEndpoints(IConfiguration configuration) =>
        configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(endpoint => endpoint["Url"] ?? $"(endpoint '{endpoint.Key}' without a Url)")
            .ToList();
}
