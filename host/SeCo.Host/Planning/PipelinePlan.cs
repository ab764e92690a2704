using SeCo.Host.Pipelines;

namespace SeCo.Host.Planning;

/// <summary>A valid pipeline: its settings and its stages in topological order.</summary>
internal sealed class PipelinePlan(PipelineDefinition definition, IReadOnlyList<PlannedStage> stages, DependencyGraph graph)
{
    public PipelineDefinition Definition { get; } = definition;

    /// <summary>The stages, each after every stage it depends on.</summary>
    public IReadOnlyList<PlannedStage> Stages { get; } = stages;

    public DependencyGraph Graph { get; } = graph;

    public PlannedStage? Find(string id) => Stages.FirstOrDefault(s => s.Id == id);
}
