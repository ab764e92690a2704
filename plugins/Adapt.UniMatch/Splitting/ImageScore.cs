namespace SeCo.Plugins.Adapt.UniMatch.Splitting;

/// <summary>The quality score an image was ranked by.</summary>
/// <param name="Id">The image id.</param>
/// <param name="Score">Higher is more trusted.</param>
public readonly record struct ImageScore(string Id, double Score);
