namespace SeCo.Plugins.Adapt.UniMatch.Training;

/// <summary>Where training stands, as stored in a checkpoint.</summary>
/// <param name="Iterations">Iterations completed (over all epochs).</param>
/// <param name="Epoch">Last completed epoch (<c>-1</c> before the first), UniMatch's <c>epoch</c>.</param>
/// <param name="PreviousBest">Best evaluation mIoU so far (percent), UniMatch's <c>previous_best</c>.</param>
public readonly record struct TrainingState(long Iterations, int Epoch, double PreviousBest);
