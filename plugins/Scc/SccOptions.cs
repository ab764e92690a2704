using System.ComponentModel.DataAnnotations;
using SeCo.Plugins.Scc.Filtering;
using SeCo.Plugins.Scc.Noise;
using SeCo.Sdk.Stages;

namespace SeCo.Plugins.Scc;

/// <summary>Options of <see cref="SccStage"/>; bound from the stage's "with" object.</summary>
public sealed record SccOptions
{
    /// <summary>ResNet depth of the region classifier: 18, 34, 50 or 101 (the paper uses 101).</summary>
    [AllowedValues(18, 34, 50, 101)]
    public int Depth { get; init; } = 18;

    /// <summary>
    /// Channels of the classifier's stem and layer1 (layer2..4 have 2x, 4x, 8x). 64 is the reference network;
    /// smaller values (e.g. 8) are a demo/test setting only: far faster, weaker, and not loadable from ImageNet weights.
    /// </summary>
    [Range(1, 512)]
    public int BaseChannels { get; init; } = 64;

    /// <summary>Patch height each region is cropped and resized to (256 in the reference; smaller = demo/test setting).</summary>
    [Range(8, 4096)]
    public int PatchHeight { get; init; } = 256;

    /// <summary>Patch width each region is cropped and resized to (512 in the reference; smaller = demo/test setting).</summary>
    [Range(8, 8192)]
    public int PatchWidth { get; init; } = 512;

    /// <summary>
    /// Batches loaded ahead on a background thread while the classifier computes; 0 (default) loads inline.
    /// Off by default: a second allocating thread lets the GC run while the main thread is inside a native TorchSharp
    /// call, and TorchSharp 0.107 passes temporary <c>Scalar</c>s (e.g. BatchNorm's <c>num_batches_tracked.add_(1)</c>)
    /// that can then be finalized mid-call (observed: "toFloat" and "alpha must not be a floating point number" failures).
    /// </summary>
    [Range(0, 64)]
    public int PrefetchBatches { get; init; }

    /// <summary>Training iterations T (the paper trains 5000).</summary>
    [Range(1, int.MaxValue)]
    public int Iterations { get; init; } = 20;

    /// <summary>Regions per batch (64 in the reference).</summary>
    [Range(1, 4096)]
    public int BatchSize { get; init; } = 8;

    /// <summary>Head learning rate; the backbone trains at a tenth of it.</summary>
    [Range(1e-9, 10)]
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Save <c>last.pth</c> every this many iterations (resumption point; always after the last one).</summary>
    [Range(1, int.MaxValue)]
    public int CheckpointEvery { get; init; } = 1000;

    /// <summary>Noise ratio of the thresholds (0.5 in the reference).</summary>
    [Range(0.0, 1.0)]
    public double NoiseRatio { get; init; } = 0.5;

    /// <summary>
    /// Filter mode: the released code's none, loss, score, both, local_loss, local_score, local_both, both_loss (default),
    /// both_score, both_both (drop by loss/score thresholds at noiseRatio, paint the prediction), or gmm: the paper's
    /// SCC-LD (a two-component Gaussian mixture on the min-max normalised region losses gives each region a noise
    /// probability; keep its pseudo-label below noiseThreshold, relabel to the prediction above it when the top
    /// probability exceeds correctionThreshold, else drop).
    /// </summary>
    public FilterMode FilterMode { get; init; } = FilterMode.BothLoss;

    /// <summary>
    /// Paint kept regions with their noisy label instead of the classifier's prediction (released modes only; gmm
    /// keeps clean regions' pseudo-labels and relabels by its own rule).
    /// </summary>
    public bool KeepNoisyLabel { get; init; }

    /// <summary>filterMode gmm: τ_ns, a region whose noise probability is below it keeps its pseudo-label (paper: 0.6).</summary>
    [Range(0.0, 1.0)]
    public double NoiseThreshold { get; init; } = 0.6;

    /// <summary>filterMode gmm: τ_cr, a noisy region is relabelled to the prediction when its top probability exceeds it, else dropped (paper: 0.95).</summary>
    [Range(0.0, 1.0)]
    public double CorrectionThreshold { get; init; } = 0.95;

    // The gmm* defaults are the spec's (BETA/DivideMix), declared once in GaussianMixtureSettings.BetaDivideMix.

    /// <summary>filterMode gmm: EM iterations of the mixture at most (max_iter; BETA/DivideMix: 10).</summary>
    [Range(1, 10000)]
    public int GmmMaxIterations { get; init; } = GaussianMixtureSettings.BetaDivideMix.MaxIterations;

    /// <summary>filterMode gmm: EM stops when the mean log-likelihood changes by less than this (tol; BETA/DivideMix: 1e-2).</summary>
    [Range(0.0, 1e6)]
    public double GmmTolerance { get; init; } = GaussianMixtureSettings.BetaDivideMix.Tolerance;

    /// <summary>filterMode gmm: added to both variances of the mixture (reg_covar, on losses normalised to [0, 1]; BETA/DivideMix: 5e-4).</summary>
    [Range(0.0, 1e6, MinimumIsExclusive = true)]
    public double GmmRegCovar { get; init; } = GaussianMixtureSettings.BetaDivideMix.RegularizationCovariance;

    /// <summary>Optional torchvision ImageNet <c>resnet{depth}.pth</c> to initialise the backbone (never downloaded).</summary>
    [FilePath]
    public string? Pretrained { get; init; }
}
