using System.ComponentModel.DataAnnotations;

namespace SeCo.Plugins.Scc;

/// <summary>Options of <see cref="SccStage"/>; bound from the stage's "with" object.</summary>
public sealed record SccOptions
{
    /// <summary>ResNet depth of the region classifier: 18, 34, 50 or 101 (the paper uses 101).</summary>
    [AllowedValues(18, 34, 50, 101)]
    public int Depth { get; init; } = 18;

    /// <summary>Number of classes (19 for Cityscapes, 16 for SYNTHIA).</summary>
    [Range(1, 255)]
    public int NumClasses { get; init; } = 19;

    /// <summary>Training iterations T (the paper trains 5000).</summary>
    [Range(1, int.MaxValue)]
    public int Iterations { get; init; } = 20;

    /// <summary>Regions per batch (64 in the reference).</summary>
    [Range(1, 4096)]
    public int BatchSize { get; init; } = 8;

    /// <summary>Head learning rate; the backbone trains at a tenth of it.</summary>
    [Range(1e-9, 10)]
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Save a checkpoint every this many iterations (resumption point).</summary>
    [Range(1, int.MaxValue)]
    public int CheckpointEvery { get; init; } = 1000;

    /// <summary>Noise ratio of the thresholds (0.5 in the reference).</summary>
    [Range(0.0, 1.0)]
    public double NoiseRatio { get; init; } = 0.5;

    /// <summary>Filter mode: none, loss, score, both, local_loss, local_score, local_both, both_loss (default), both_score, both_both.</summary>
    public string FilterMode { get; init; } = "both_loss";

    /// <summary>Paint kept regions with their noisy label instead of the classifier's prediction.</summary>
    public bool KeepNoisyLabel { get; init; }

    /// <summary>Optional torchvision ImageNet <c>resnet{depth}.pth</c> to initialise the backbone (never downloaded).</summary>
    public string? Pretrained { get; init; }
}
