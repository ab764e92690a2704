namespace SeCo.Sdk.Stages;

/// <summary>
/// Implemented by stages whose result depends on something outside their options and inputs (files
/// a source stage imports, a checkpoint on disk). The returned text joins the stage's cache
/// fingerprint, so a change to those files re-runs the stage.
/// </summary>
/// <typeparam name="TOptions">The stage's options type.</typeparam>
public interface IFingerprintSource<in TOptions> where TOptions : class
{
    /// <summary>Returns a short text that changes when the external state the stage reads changes.</summary>
    /// <param name="options">The validated options.</param>
    /// <param name="pipelineDirectory">The folder holding <c>pipeline.json</c>.</param>
    string GetExternalFingerprint(TOptions options, string pipelineDirectory);
}
