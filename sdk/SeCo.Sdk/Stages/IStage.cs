namespace SeCo.Sdk.Stages;

/// <summary>A pipeline stage with options of type <typeparamref name="TOptions"/>.</summary>
/// <typeparam name="TOptions">
/// A record bound from the stage's <c>with</c> object (camelCase JSON, unknown keys are errors);
/// data-annotation attributes on its properties are validated before the stage runs.
/// </typeparam>
/// <remarks>
/// Stages declare their ports as <c>public static readonly</c> fields of type <see cref="Port{T}"/>.
/// A stage instance is created per run through the host's service provider, so constructor
/// parameters may be services registered by an <see cref="IPluginStartup"/>.
/// </remarks>
public interface IStage<in TOptions> where TOptions : class
{
    /// <summary>Runs the stage.</summary>
    /// <param name="context">Output folder, logger, progress, seed and tensor context of this run of the stage.</param>
    /// <param name="options">The validated options.</param>
    /// <param name="inputs">The artifacts connected to the stage's input ports.</param>
    /// <param name="cancellationToken">Cancelled when the run is stopped; check it between items.</param>
    /// <returns>An artifact for every output port.</returns>
    Task<StageOutputs> RunAsync(StageContext context, TOptions options, StageInputs inputs, CancellationToken cancellationToken);
}
