using SeCo.Vision.Regions;
using SeCo.Vision.Rle;

namespace SeCo.Plugins.Scc.Thresholds;

/// <summary>One region as the classifier saw it (a record of the reference's <c>evaluate.py</c> output).</summary>
/// <param name="Name">Image basename.</param>
/// <param name="Segmentation">The region mask.</param>
/// <param name="Loss">Cross-entropy w.r.t. the noisy label.</param>
/// <param name="Score">Softmax confidence of the prediction.</param>
/// <param name="PredictedClass">Argmax class.</param>
/// <param name="NoisyClass">The pseudo-label class of the region.</param>
/// <param name="TrueLabel">Ground-truth statistics when known.</param>
public sealed record RegionPrediction(string Name, CocoRle Segmentation, double Loss, double Score, int PredictedClass, int NoisyClass, TrueLabel? TrueLabel);
