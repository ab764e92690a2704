namespace SeCo.Plugins.Psa.Stages;

/// <summary>
/// The reference's output naming (spec psa §7): the first path component <c>exp</c> of the label path is replaced
/// everywhere in the path by <c>exp_sam_&lt;type&gt;</c> (plain substring replacement, quirk 11).
/// </summary>
internal static class ReferenceNaming
{
    /// <summary>The aggregated label's path relative to the stage output folder.</summary>
    public static string OutputLabelPath(string labelPath, string samType)
    {
        var relative = labelPath.Replace('\\', '/');
        var slash = relative.IndexOf('/', StringComparison.Ordinal);
        if (Path.IsPathRooted(labelPath) || slash <= 0 || relative.Split('/').Contains(".."))
        {
            // Not a root-relative reference path: keep only the file name under a folder in the reference's style.
            return $"labels_sam_{samType}/{Path.GetFileName(relative)}";
        }

        var exp = relative[..slash];
        return relative.Replace(exp, $"{exp}_sam_{samType}", StringComparison.Ordinal);
    }
}
