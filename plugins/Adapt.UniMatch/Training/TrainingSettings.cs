using SeCo.Plugins.Adapt.UniMatch.Evaluation;

namespace SeCo.Plugins.Adapt.UniMatch.Training;

/// <summary>
/// What <see cref="UniMatchTrainer"/> and <see cref="SupervisedTrainer"/> run. The sizes have no defaults here: the stages
/// derive them from their options, which declare the defaults and ranges once.
/// </summary>
public sealed record TrainingSettings
{
    /// <summary>Square crop size.</summary>
    public required int CropSize { get; init; }

    /// <summary>Images per batch, labelled and unlabelled each.</summary>
    public required int BatchSize { get; init; }

    /// <summary>Epochs (ignored when <see cref="Iterations"/> is set).</summary>
    public required int Epochs { get; init; }

    /// <summary>Total iterations; when set it replaces <c>epochs · iterations per epoch</c> (the poly schedule ends there).</summary>
    public long? Iterations { get; init; }

    /// <summary>Save <c>latest.pth</c> every this many iterations (and at every epoch end and at the end).</summary>
    public required int CheckpointInterval { get; init; }

    /// <summary>Batches loaded ahead on a background task (0: load on the training thread).</summary>
    public int PrefetchBatches { get; init; }

    /// <summary>The stage seed.</summary>
    public int Seed { get; init; }

    /// <summary>Evaluation mode on the held-out set.</summary>
    public EvaluationMode EvaluationMode { get; init; } = EvaluationMode.Original;

    /// <summary>Channels of the sliding-window accumulator (19 in the reference).</summary>
    public int AccumulatorChannels { get; init; } = SegmentationEvaluator.ReferenceAccumulatorChannels;

    /// <summary>Class names for the per-class IoU the training log records (<c>eval/iou/NAME</c>); null: the class index.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Where the training log (<c>SeCo.Vision.Training.TrainingLog</c>) goes: the stage folder; null: the checkpoint folder.</summary>
    public string? LogDirectory { get; init; }
}
