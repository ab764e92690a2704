using System.ComponentModel.DataAnnotations;
using SeCo.Plugins.Adapt.UniMatch.Evaluation;
using SeCo.Plugins.Adapt.UniMatch.Losses;
using SeCo.Plugins.Adapt.UniMatch.Modeling;
using SeCo.Sdk.Stages;

namespace SeCo.Plugins.Adapt.UniMatch.Stages;

/// <summary>Options of <see cref="UniMatchStage"/>; bound from the stage's "with" object. Defaults are SeCo's GTA→Cityscapes run.</summary>
public sealed record UniMatchOptions
{
    /// <summary>
    /// The network: <c>resnet101</c> (DeepLabV3+ with UniMatch's deep-stem ResNet-101, the paper's), <c>resnet50</c>, or
    /// <c>tiny</c> (ResNet-50 layout at 1/8 width, for CPU demos and tests).
    /// </summary>
    public SegmenterBackbone Backbone { get; init; } = SegmenterBackbone.ResNet101;

    /// <summary>UniMatch's ImageNet-pretrained deep-stem backbone (<c>pretrained/resnet101.pth</c>), relative to the pipeline folder; never downloaded.</summary>
    [FilePath]
    public string? Pretrained { get; init; }

    /// <summary>A UniMatch checkpoint (<c>best.pth</c>/<c>latest.pth</c> or a bare state dict) to initialise the whole network from.</summary>
    [FilePath]
    public string? InitialCheckpoint { get; init; }

    /// <summary>Square training crop (SeCo: 769; UniMatch's Cityscapes config: 801).</summary>
    [Range(16, 4096)]
    public int CropSize { get; init; } = 769;

    /// <summary>Labelled and unlabelled images per batch each (SeCo: 2 per GPU on 4 GPUs).</summary>
    [Range(1, 256)]
    public int BatchSize { get; init; } = 2;

    /// <summary>Base learning rate <c>lr</c> of the backbone.</summary>
    [Range(1e-9, 10)]
    public double LearningRate { get; init; } = 0.005;

    /// <summary>Multiplier of the head's learning rate (<c>lr_multi</c>; SeCo's Cityscapes/BDD configs use 1.0, UniMatch's Pascal config 10).</summary>
    [Range(1e-6, 1000)]
    public double LearningRateMultiplier { get; init; } = 1.0;

    /// <summary>Training epochs of <c>floor(n_u / batch)</c> iterations (SeCo: 240).</summary>
    [Range(1, 100000)]
    public int Epochs { get; init; } = 240;

    /// <summary>Total iterations; when set it replaces <c>epochs · iterations per epoch</c> and ends the poly schedule there.</summary>
    [Range(1, long.MaxValue)]
    public long? Iterations { get; init; }

    /// <summary>Labelled loss: <c>ohem</c> (SeCo's, ProbOhemCrossEntropy2d) or <c>ce</c> (cross-entropy ignoring 255).</summary>
    public LabeledLoss Criterion { get; init; } = LabeledLoss.Ohem;

    /// <summary>OHEM probability threshold.</summary>
    [Range(0.0, 1.0)]
    public double OhemThreshold { get; init; } = 0.7;

    /// <summary>OHEM minimum kept pixels per batch.</summary>
    [Range(0, long.MaxValue)]
    public long OhemMinKept { get; init; } = 200_000;

    /// <summary>Confidence threshold τ of the unlabelled losses (SeCo: 0, every pixel passes).</summary>
    [Range(0.0, 1.0)]
    public double ConfidenceThreshold { get; init; }

    /// <summary>Evaluation mode on the held-out set and for the predictions: <c>original</c>, <c>sliding_window</c> or <c>center_crop</c>.</summary>
    public EvaluationMode EvalMode { get; init; } = EvaluationMode.Original;

    /// <summary>Channels of the sliding-window softmax accumulator (the reference hard-codes 19).</summary>
    [Range(1, 255)]
    public int AccumulatorChannels { get; init; } = SegmentationEvaluator.ReferenceAccumulatorChannels;

    /// <summary>
    /// Batches decoded and augmented ahead on a background thread while the step runs (0: on the training thread).
    /// Off by default: TorchSharp 0.107 can finalize a temporary <c>Scalar</c> during a native call when another thread
    /// allocates, which crashes training at random; turn it on where the speed matters more than that risk.
    /// </summary>
    [Range(0, 16)]
    public int PrefetchBatches { get; init; }

    /// <summary>Save <c>latest.pth</c> every this many iterations (also at each epoch end); a killed run resumes from it.</summary>
    [Range(1, int.MaxValue)]
    public int CheckpointInterval { get; init; } = 100;

    /// <summary>Seed of the data sampling, augmentation, dropout and initialisation; the run's seed when omitted.</summary>
    public int? Seed { get; init; }
}
