using System.ComponentModel.DataAnnotations;

namespace SeCo.Sdk.Stages;

/// <summary>
/// What the host tells an options type that implements <see cref="IValidatableObject"/> about the pipeline
/// around it, through <see cref="ValidationContext.Items"/>, so that <c>seco validate</c> can refuse what
/// the stage would refuse when it runs (for example an option value that needs an input port connected).
/// </summary>
public static class OptionsValidation
{
    /// <summary>The <see cref="ValidationContext.Items"/> key of the stage's connected input ports (an <see cref="IReadOnlySet{T}"/> of port names).</summary>
    public const string ConnectedInputsKey = "SeCo.ConnectedInputs";

    /// <summary>The input ports connected in the pipeline, or <see langword="null"/> when the options are validated outside one.</summary>
    public static IReadOnlySet<string>? ConnectedInputs(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(ConnectedInputsKey, out var value) ? value as IReadOnlySet<string> : null;
    }
}
