namespace SeCo.Plugins.Adapt.UniMatch.Training;

/// <summary>The scalar losses of one training step, as the reference log prints them.</summary>
/// <param name="Loss">Total loss <c>(loss_x + 0.25·s1 + 0.25·s2 + 0.5·fp) / 2</c>.</param>
/// <param name="LossX">Labelled loss (OHEM).</param>
/// <param name="LossS">Mean of the two strong-view losses.</param>
/// <param name="LossWFp">Feature-perturbation loss.</param>
/// <param name="MaskRatio">Share of non-ignored unlabelled pixels that pass the confidence threshold.</param>
public readonly record struct StepLosses(double Loss, double LossX, double LossS, double LossWFp, double MaskRatio);
