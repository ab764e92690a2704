namespace SeCo.Fixtures.PluginB;

/// <summary>Options of <see cref="ClashingStage"/>: none.</summary>
public sealed record ClashingOptions;
