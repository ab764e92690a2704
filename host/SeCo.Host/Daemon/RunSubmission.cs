namespace SeCo.Host.Daemon;

/// <summary>What a run needs to be loaded again: the pipeline file path, the document as submitted, and its overrides.</summary>
internal sealed record RunSubmission(string Id, string PipelineFile, byte[] Document, IReadOnlyList<string> Sets);
