namespace SeCo.Plugins.Adapt.UniMatch.Losses;

/// <summary>The loss of UniMatch's labelled branch (option <c>criterion</c>).</summary>
public enum LabeledLoss
{
    /// <summary>SeCo's online hard example mining cross-entropy (<see cref="OhemCrossEntropy"/>, ProbOhemCrossEntropy2d).</summary>
    Ohem,

    /// <summary>Cross-entropy ignoring 255 (<see cref="IgnoreIndexCrossEntropy"/>).</summary>
    Ce,
}
