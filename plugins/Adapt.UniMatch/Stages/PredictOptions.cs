using SeCo.Vision.Thresholds;

namespace SeCo.Plugins.Adapt.UniMatch.Stages;

/// <summary>
/// Options of <see cref="PredictStage"/>; bound from the stage's "with" object. They are the thresholding options
/// (<see cref="ThresholdOptions"/>: <c>mode</c>, <c>portion</c>, <c>sampleStride</c>), declared there once.
/// </summary>
public sealed record PredictOptions : ThresholdOptions;
