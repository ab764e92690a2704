namespace SeCo.Plugins.Psa.Aggregation;

/// <summary>Turns thing prompts into masks (SAM's predictor with <c>multimask_output=False</c> in SeCo PSA).</summary>
public interface IThingPrompter
{
    /// <summary>
    /// Predicts one mask per prompt, in prompt order. Each mask is row-major, <paramref name="width"/> ×
    /// <paramref name="height"/>, non-zero where the thing is.
    /// </summary>
    IReadOnlyList<byte[]> Predict(IReadOnlyList<ThingPrompt> prompts, int width, int height);
}
