using SeCo.Host.Plugins;
using SeCo.Plugins.HtmlReport;

namespace SeCo.Host.Tests.Stages;

/// <summary>A catalog of the test stages, as if loaded from a plugin named "test", with the report plugin's reporter (as installed).</summary>
internal static class TestCatalog
{
    public static readonly Type[] StageTypes =
    [
        typeof(SourceStage), typeof(TransformStage), typeof(ImagesStage), typeof(DeviceStage),
        typeof(GateStage), typeof(BlockingStage), typeof(FailingStage), typeof(ExternalStage),
    ];

    public static StageCatalog Create(string version = "1.0") =>
        new(StageTypes.Select(t => StageDescriptor.FromType(t, new PluginInfo("test", version, null))))
        {
            Startups = [new TestStartup(), new ReportStartup()],
        };
}
