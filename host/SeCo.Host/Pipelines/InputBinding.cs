namespace SeCo.Host.Pipelines;

/// <summary>One entry of a stage's <c>in</c> object: <c>"port": "sourceStage.sourcePort"</c>.</summary>
/// <param name="Port">The input port of the stage.</param>
/// <param name="SourceStage">The id of the stage producing the artifact.</param>
/// <param name="SourcePort">The output port of the source stage.</param>
/// <param name="JsonPath">Where the entry is in the pipeline file.</param>
internal sealed record InputBinding(string Port, string SourceStage, string SourcePort, string JsonPath);
