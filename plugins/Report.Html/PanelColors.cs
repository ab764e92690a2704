namespace SeCo.Plugins.HtmlReport;

/// <summary>The fixed colours of report panels and charts (also used by the HTML legend).</summary>
internal static class PanelColors
{
    /// <summary>Error map: a labelled pixel whose class differs from the ground truth.</summary>
    public static readonly (byte R, byte G, byte B) Wrong = (235, 30, 30);

    /// <summary>Error map: a labelled pixel that matches the ground truth.</summary>
    public static readonly (byte R, byte G, byte B) Correct = (40, 170, 80);

    /// <summary>Error map: a pixel the ground truth labels but the label map leaves unlabelled (255).</summary>
    public static readonly (byte R, byte G, byte B) Unlabelled = (70, 90, 140);

    /// <summary>Outline of a kept region.</summary>
    public static readonly (byte R, byte G, byte B) KeptOutline = (255, 255, 255);

    /// <summary>Outline of a dropped region.</summary>
    public static readonly (byte R, byte G, byte B) DroppedOutline = (255, 0, 255);

    /// <summary>Outline of a region without a kept/dropped decision.</summary>
    public static readonly (byte R, byte G, byte B) UndecidedOutline = (255, 230, 0);

    /// <summary>Chart series colours (Tableau 10), reused in order.</summary>
    public static readonly string[] Series =
    [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    ];

    /// <summary>The CSS hex form of a colour.</summary>
    public static string Hex((byte R, byte G, byte B) color) => $"#{color.R:x2}{color.G:x2}{color.B:x2}";
}
