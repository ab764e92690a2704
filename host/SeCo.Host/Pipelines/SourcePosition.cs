namespace SeCo.Host.Pipelines;

/// <summary>A 1-based line and column in a text file.</summary>
internal readonly record struct SourcePosition(int Line, int Column);
