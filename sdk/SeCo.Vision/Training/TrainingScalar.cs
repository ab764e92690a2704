namespace SeCo.Vision.Training;

/// <summary>One logged training scalar (a line of <see cref="TrainingLog.JsonFileName"/>).</summary>
/// <param name="Step">The training step (iteration) it belongs to.</param>
/// <param name="Tag">Its name, e.g. <c>train/loss</c>.</param>
/// <param name="Value">Its value.</param>
public sealed record TrainingScalar(long Step, string Tag, double Value);
