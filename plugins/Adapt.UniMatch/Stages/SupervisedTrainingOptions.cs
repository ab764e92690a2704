using System.ComponentModel.DataAnnotations;

using SeCo.Plugins.Adapt.UniMatch.Modeling;
using SeCo.Plugins.Adapt.UniMatch.Optimization;

namespace SeCo.Plugins.Adapt.UniMatch.Stages;

/// <summary>Options of <see cref="SupervisedTrainingStage"/>; bound from the stage's "with" object.</summary>
public sealed record SupervisedTrainingOptions
{
    /// <summary>Backbone: <c>resnet101</c>, <c>resnet50</c>, <c>small</c> (a width-16 ResNet-50) or <c>tiny</c> (a width-8 ResNet-50, weight-free demos). Ignored when <c>initial</c> is connected (its architecture is used).</summary>
    public SegmenterBackbone Backbone { get; init; } = SegmenterBackbone.ResNet101;

    /// <summary>UniMatch's ImageNet-pretrained backbone weights (<c>pretrained/resnet101.pth</c>); never downloaded.</summary>
    [SeCo.Sdk.Stages.FilePath]
    public string? Pretrained { get; init; }

    /// <summary>Square training crop (UniMatch's train transforms: random resize 0.5–2.0, crop, flip).</summary>
    [Range(16, 4096)]
    public int CropSize { get; init; } = 512;

    /// <summary>Images per batch.</summary>
    [Range(1, 256)]
    public int BatchSize { get; init; } = 8;

    /// <summary>Training iterations.</summary>
    [Range(1, 10_000_000)]
    public int Iterations { get; init; } = 1000;

    /// <summary>Backbone learning rate of the <see cref="Optimizer"/> (poly schedule).</summary>
    [Range(1e-9, 10)]
    public double LearningRate { get; init; } = 0.01;

    /// <summary>
    /// <c>sgd</c> (UniMatch's: momentum 0.9, weight decay 1e-4) or <c>adamW</c> (<c>torch.optim.AdamW</c>, betas 0.9/0.999,
    /// weight decay 0.01; a learning rate near 0.001 suits it), which trains a network from scratch in far fewer iterations.
    /// Both use the two groups (backbone, head × <see cref="LearningRateMultiplier"/>) and the poly schedule.
    /// </summary>
    public SupervisedOptimizer Optimizer { get; init; } = SupervisedOptimizer.Sgd;

    /// <summary>Head learning rate = this × the backbone's.</summary>
    [Range(1e-6, 1000)]
    public double LearningRateMultiplier { get; init; } = 10;

    /// <summary>Checkpoint every this many iterations (a stopped run resumes from the last one).</summary>
    [Range(1, int.MaxValue)]
    public int CheckpointInterval { get; init; } = 100;

    /// <summary>Seed of initialisation, sampling and augmentation; the pipeline's seed when absent.</summary>
    public int? Seed { get; init; }
}
