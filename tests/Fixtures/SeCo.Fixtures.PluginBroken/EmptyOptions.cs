namespace SeCo.Fixtures.PluginBroken;

/// <summary>Options with no members.</summary>
public sealed record EmptyOptions;
