namespace SeCo.Host.Planning;

/// <summary>A resolved input connection: the stage's input port fed by a source stage's output port.</summary>
internal sealed record PlannedInput(string Port, string SourceStage, string SourcePort);
