using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SeCo.Host.Hosting;
using SeCo.Host.Planning;
using SeCo.Host.Running;
using SeCo.Host.Runtime;
using SeCo.Host.Tests.Pipelines;
using SeCo.Host.Tests.Stages;
using SeCo.Sdk.Tensors;

namespace SeCo.Host.Tests.Running;

/// <summary>A pipeline folder, a run log, and a runner over the test catalog.</summary>
internal sealed class RunnerFixture : IDisposable
{
    private readonly TensorContext _tensors = TensorContext.Create("cpu");
    private readonly ServiceProvider _services;

    public RunnerFixture()
    {
        _services = HostServices.Build(NullLoggerFactory.Instance, _tensors, [new TestStartup(Log)]);
    }

    public PipelineFixture Pipeline { get; } = new();

    public RunLog Log { get; } = new();

    public RecordingObserver Observer { get; } = new();

    public PipelinePlan Plan(string json, params string[] sets)
    {
        var result = Pipeline.Load(json, sets);
        result.Errors.Should().BeEmpty();
        return result.Plan!;
    }

    public Task<RunSummary> RunAsync(PipelinePlan plan, RunRequest? request = null, CancellationToken cancellationToken = default) =>
        new PipelineRunner(_services, TestCatalog.Create(), Observer).RunAsync(plan, request ?? RunRequest.Default, cancellationToken);

    /// <summary>Runs and returns the ids of the stages that actually ran (not cached).</summary>
    public async Task<IReadOnlyList<string>> RanAsync(PipelinePlan plan, RunRequest? request = null)
    {
        var summary = await RunAsync(plan, request);
        summary.State.Should().Be(RunState.Succeeded, because: string.Join("\n", summary.Stages.Select(s => $"{s.Id}: {s.State} {s.Error}")));
        return summary.Stages.Where(s => s.State == StageRunState.Succeeded).Select(s => s.Id).ToList();
    }

    public void Dispose()
    {
        _services.Dispose();
        _tensors.Dispose();
        Pipeline.Dispose();
    }
}
