namespace SeCo.Plugins.Eval;

/// <summary>What the labels <see cref="EvalMiouStage"/> scores are (option <c>scores</c>, written into <c>metrics.json</c>).</summary>
public enum ScoredLabels
{
    /// <summary>Labels made for training (e.g. on target-train).</summary>
    PseudoLabels,

    /// <summary>A model's output on held-out images (e.g. target-val).</summary>
    Predictions,
}
