namespace SeCo.Plugins.Adapt.UniMatch.Data;

/// <summary>The CPU data of one training iteration: the zipped <c>(loader_l, loader_u, loader_u_mix)</c> batches.</summary>
/// <param name="Iteration">Global iteration index (0-based, over all epochs).</param>
/// <param name="Labeled">Labelled crops.</param>
/// <param name="Unlabeled">Unlabelled crops.</param>
/// <param name="Mix">CutMix partners: the same unlabelled images with independent augmentation.</param>
public sealed record TrainingBatch(long Iteration, IReadOnlyList<LabeledSample> Labeled, IReadOnlyList<UnlabeledSample> Unlabeled,
    IReadOnlyList<UnlabeledSample> Mix);
