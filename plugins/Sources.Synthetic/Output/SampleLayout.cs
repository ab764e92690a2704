namespace SeCo.Plugins.Sources.Synthetic.Output;

/// <summary>
/// Where a sample's files go, relative to the stage's output folder, in the layout the SeCo
/// reference tools use (Cityscapes folders plus a <c>psd_label</c> folder of pseudo-labels).
/// </summary>
internal static class SampleLayout
{
    /// <summary>The list file of <c>image_path label_path</c> lines.</summary>
    public const string ListFile = "list.txt";

    /// <summary>The id of sample <paramref name="index"/>.</summary>
    public static string Id(int index) => $"synthetic_{index:D6}";

    /// <summary>The RGB image.</summary>
    public static string Image(string id) => $"leftImg8bit/train/{id}_leftImg8bit.png";

    /// <summary>The ground-truth train-id map.</summary>
    public static string GroundTruth(string id) => $"gtFine/train/{id}_gtFine_labelTrainIds.png";

    /// <summary>The pixel pseudo-label map.</summary>
    public static string PseudoLabel(string id) => $"psd_label/train/{id}.png";
}
