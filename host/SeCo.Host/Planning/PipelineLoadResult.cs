using SeCo.Host.Pipelines;

namespace SeCo.Host.Planning;

/// <summary>The outcome of loading a pipeline: a plan when valid, otherwise every problem found.</summary>
internal sealed record PipelineLoadResult(PipelinePlan? Plan, IReadOnlyList<ValidationError> Errors, PipelineDefinition? Definition)
{
    public bool IsValid => Plan is not null && Errors.Count == 0;
}
