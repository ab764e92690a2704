using SeCo.Sdk.Stages;

namespace SeCo.Host.Running;

/// <summary>
/// Calls a stage whose options type is only known at run time, without <c>dynamic</c>: one closed
/// <see cref="StageInvoker{TOptions}"/> per options type, made with <see cref="Type.MakeGenericType"/>.
/// </summary>
internal abstract class StageInvoker
{
    public static StageInvoker For(Type optionsType) =>
        (StageInvoker)Activator.CreateInstance(typeof(StageInvoker<>).MakeGenericType(optionsType))!;

    /// <summary>Runs <c>IStage&lt;TOptions&gt;.RunAsync</c>.</summary>
    public abstract Task<StageOutputs> RunAsync(object stage, StageContext context, object options, StageInputs inputs, CancellationToken cancellationToken);

    /// <summary>The stage's external fingerprint when it implements <c>IFingerprintSource&lt;TOptions&gt;</c>, else null.</summary>
    public abstract string? ExternalFingerprint(object stage, object options, string pipelineDirectory);

    /// <summary>True when the stage type implements <c>IFingerprintSource&lt;TOptions&gt;</c>.</summary>
    public abstract bool HasExternalFingerprint(Type stageType);
}

/// <summary>The typed <see cref="StageInvoker"/> for options of type <typeparamref name="TOptions"/>.</summary>
internal sealed class StageInvoker<TOptions> : StageInvoker where TOptions : class
{
    public override Task<StageOutputs> RunAsync(object stage, StageContext context, object options, StageInputs inputs, CancellationToken cancellationToken) =>
        ((IStage<TOptions>)stage).RunAsync(context, (TOptions)options, inputs, cancellationToken);

    public override string? ExternalFingerprint(object stage, object options, string pipelineDirectory) =>
        stage is IFingerprintSource<TOptions> source ? source.GetExternalFingerprint((TOptions)options, pipelineDirectory) : null;

    public override bool HasExternalFingerprint(Type stageType) => typeof(IFingerprintSource<TOptions>).IsAssignableFrom(stageType);
}
