namespace SeCo.Host.Pipelines;

/// <summary>What <see cref="PipelineParser"/> read: the definition (null when unusable), the source, the problems.</summary>
internal sealed record PipelineParseResult(PipelineDefinition? Definition, PipelineSource Source, IReadOnlyList<ValidationError> Errors);
