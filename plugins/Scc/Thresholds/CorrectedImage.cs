using SeCo.Vision.Regions;

namespace SeCo.Plugins.Scc.Thresholds;

/// <summary>The corrected regions of one image and where <c>convert_json_2input</c> writes them.</summary>
/// <param name="ImageDirectory">Text of the name before its first <c>_</c> (the city), or empty.</param>
/// <param name="Name">Image basename.</param>
/// <param name="RelativePath">Path under the save folder: <c>train/&lt;dir&gt;/&lt;name with .png/.jpg → .json&gt;</c>.</param>
/// <param name="Records">Records with thresholds, <c>category_id</c> = predicted class.</param>
public sealed record CorrectedImage(string ImageDirectory, string Name, string RelativePath, IReadOnlyList<RegionRecord> Records);
