namespace SeCo.Fixtures.PluginA;

/// <summary>A service registered by <see cref="SumStartup"/> and injected into <see cref="SumStage"/>.</summary>
/// <param name="Value">Added to every sum.</param>
public sealed record SumOffset(double Value);
