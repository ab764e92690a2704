using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using SeCo.Vision.Modules;

namespace SeCo.Plugins.Adapt.UniMatch.Modeling;

/// <summary>
/// UniMatch's segmenter (<c>model/semseg/deeplabv3plus.py</c>): the deep-stem <see cref="ResNetBackbone"/>, an
/// <see cref="Aspp"/> <c>head</c> on <c>c4</c>, the low-level fusion (<c>reduce</c> on <c>c1</c>, concatenation
/// <c>[c1', up(c4')]</c>, <c>fuse</c>) and a 1x1 <c>classifier</c>; logits are upsampled bilinearly (align corners)
/// to the input size. Module names are the keys of UniMatch's checkpoints (<c>backbone.layer1.0.conv1.weight</c>,
/// <c>head.b4.gap.1.weight</c>, <c>reduce.0.weight</c>, <c>fuse.3.weight</c>, <c>classifier.bias</c>, ...).
/// </summary>
public sealed class DeepLabV3Plus : nn.Module<Tensor, Tensor>
{
    /// <summary>Name prefix of the backbone parameters (UniMatch's optimiser group 0).</summary>
    public const string BackbonePrefix = "backbone.";

#pragma warning disable IDE1006 // Field names are the checkpoint's parameter names.
    private readonly ResNetBackbone backbone;
    private readonly Aspp head;
    private readonly Sequential reduce;
    private readonly Sequential fuse;
    private readonly Conv2d classifier;
#pragma warning restore IDE1006

    /// <summary>Creates a randomly initialised network (backbone Kaiming-normal, head PyTorch defaults).</summary>
    /// <param name="config">The architecture.</param>
    /// <param name="featureDropout">The feature-perturbation masks; <see cref="BernoulliChannelDropoutMasks"/> with p = 0.5 on
    /// torch's default generator when <see langword="null"/>.</param>
    public DeepLabV3Plus(DeepLabV3PlusConfig config, IChannelDropoutMasks? featureDropout = null)
        : base(nameof(DeepLabV3Plus))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        FeatureDropout = featureDropout ?? new BernoulliChannelDropoutMasks();
        backbone = new ResNetBackbone(config.Depth, config.BaseWidth, config.ReplaceStrideWithDilation);
        var lowChannels = backbone.LowLevelChannels;
        var highChannels = backbone.HighLevelChannels;
        var reduced = 48L * config.BaseWidth / DeepLabV3PlusConfig.ReferenceWidth;
        var fused = 4L * config.BaseWidth;
        head = new Aspp(highChannels, config.Dilations);
        reduce = nn.Sequential(
            nn.Conv2d(lowChannels, reduced, kernel_size: 1, bias: false),
            nn.BatchNorm2d(reduced),
            nn.ReLU(inplace: true));
        fuse = nn.Sequential(
            nn.Conv2d(head.OutChannels + reduced, fused, kernel_size: 3, padding: 1, bias: false),
            nn.BatchNorm2d(fused),
            nn.ReLU(inplace: true),
            nn.Conv2d(fused, fused, kernel_size: 3, padding: 1, bias: false),
            nn.BatchNorm2d(fused),
            nn.ReLU(inplace: true));
        classifier = nn.Conv2d(fused, config.NumClasses, kernel_size: 1, bias: true);
        RegisterComponents();
    }

    /// <summary>The architecture.</summary>
    public DeepLabV3PlusConfig Config { get; }

    /// <summary>The backbone (<c>backbone.*</c> keys).</summary>
    public ResNetBackbone Backbone => backbone;

    /// <summary>
    /// Where <see cref="ForwardWithFeaturePerturbation"/> gets its dropout masks. Replace it to replay stored masks
    /// or to use a seeded generator.
    /// </summary>
    public IChannelDropoutMasks FeatureDropout { get; set; }

    /// <summary>
    /// Re-initialises every parameter and BatchNorm statistic from <paramref name="generator"/> with the reference's
    /// schemes, so a seed gives the same network whatever else uses torch's default generator: backbone convolutions
    /// Kaiming-normal (fan-out, ReLU), head convolutions PyTorch's default (<c>U(±1/√fan_in)</c> for weights and the
    /// classifier bias), BatchNorm weight 1, bias 0, running mean 0, running variance 1, no batches tracked.
    /// </summary>
    public void ResetParameters(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        using var noGrad = no_grad();
        foreach (var (name, module) in named_modules())
        {
            var inBackbone = name.StartsWith(BackbonePrefix, StringComparison.Ordinal);
            switch (module)
            {
                case Conv2d conv:
                    var weight = conv.weight!;
                    var receptive = weight.shape[2] * weight.shape[3];
                    if (inBackbone)
                    {
                        weight.normal_(0, Math.Sqrt(2.0 / (weight.shape[0] * receptive)), generator);
                    }
                    else
                    {
                        var bound = 1 / Math.Sqrt(weight.shape[1] * receptive);
                        weight.uniform_(-bound, bound, generator);
                        conv.bias?.uniform_(-bound, bound, generator);
                    }

                    break;
                case BatchNorm2d norm:
                    norm.weight!.fill_(1);
                    norm.bias!.zero_();
                    norm.running_mean!.zero_();
                    norm.running_var!.fill_(1);
                    norm.num_batches_tracked!.zero_();
                    break;
            }
        }
    }

    /// <summary>UniMatch's <c>forward(x)</c>: logits <c>[B, classes, H, W]</c> at the input's size.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (c1, c4) = backbone.forward(x);
        var logits = Decode(c1, c4);                                     // [B, classes, H/4, W/4]
        return Upsample(logits, x.shape[^2], x.shape[^1]).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// UniMatch's <c>forward(x, need_fp=True)</c>: one backbone pass, then one decoder pass over the doubled batch
    /// <c>[c1; drop(c1)]</c>, <c>[c4; drop(c4)]</c> (so in training mode BatchNorm normalises over both halves),
    /// upsampled and split. The channel dropout is always applied, also in evaluation mode, as in the reference
    /// (a freshly created <c>nn.Dropout2d</c> is in training mode).
    /// </summary>
    /// <returns>The clean logits and the feature-perturbed logits, each <c>[B, classes, H, W]</c>.</returns>
    public (Tensor Logits, Tensor FpLogits) ForwardWithFeaturePerturbation(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        var (c1, c4) = backbone.forward(x);
        var maskC1 = FeatureDropout.Next(c1.shape[0], c1.shape[1], c1.dtype, c1.device);  // [B, 4w, 1, 1]
        var maskC4 = FeatureDropout.Next(c4.shape[0], c4.shape[1], c4.dtype, c4.device);  // [B, 32w, 1, 1]
        var logits = Decode(cat([c1, c1.mul(maskC1)], 0), cat([c4, c4.mul(maskC4)], 0)); // [2B, classes, H/4, W/4]
        var upsampled = Upsample(logits, x.shape[^2], x.shape[^1]);
        var halves = upsampled.chunk(2, 0);
        return (halves[0].MoveToOuterDisposeScope(), halves[1].MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The decoder before the final upsample (<c>_decode</c>): ASPP on <c>c4</c>, upsample to <c>c1</c>'s size,
    /// concatenate after <c>reduce(c1)</c>, <c>fuse</c>, <c>classifier</c>.
    /// </summary>
    public Tensor Decode(Tensor c1, Tensor c4)
    {
        ArgumentNullException.ThrowIfNull(c1);
        ArgumentNullException.ThrowIfNull(c4);
        using var scope = NewDisposeScope();
        var high = Upsample(head.forward(c4), c1.shape[^2], c1.shape[^1]); // [B, 4w, H/4, W/4]
        var low = BatchNormForward.Sequence(reduce, c1);                                      // [B, 3w/4, H/4, W/4]
        var fused = BatchNormForward.Sequence(fuse, cat([low, high], 1));                     // [B, 4w, H/4, W/4]
        return classifier.forward(fused).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The parameters and persistent buffers in PyTorch's <c>state_dict()</c> order (per module: its parameters, its
    /// buffers, then its children), so the dictionary lists the keys exactly as UniMatch's checkpoints do.
    /// </summary>
    public override Dictionary<string, Tensor> state_dict(Dictionary<string, Tensor>? destination = null, string? prefix = null)
    {
        var entries = base.state_dict(null, prefix);
        destination ??= new Dictionary<string, Tensor>(entries.Count);
        AddInPyTorchOrder(this, prefix ?? string.Empty, entries, destination);
        foreach (var (key, tensor) in entries)
        {
            destination.TryAdd(key, tensor);
        }

        return destination;
    }

    /// <summary>Backbone parameters with their full names (UniMatch's optimiser group 0, at <c>lr</c>).</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> BackboneParameters() =>
        named_parameters().Where(p => p.name.StartsWith(BackbonePrefix, StringComparison.Ordinal)).ToList();

    /// <summary>Every other parameter (head, reduce, fuse, classifier; group 1, at <c>lr · lr_multi</c>).</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> HeadParameters() =>
        named_parameters().Where(p => !p.name.StartsWith(BackbonePrefix, StringComparison.Ordinal)).ToList();

    private static void AddInPyTorchOrder(nn.Module module, string prefix, Dictionary<string, Tensor> entries, Dictionary<string, Tensor> destination)
    {
        foreach (var (name, _) in module.named_parameters(recurse: false))
        {
            AddIfPresent(prefix + name, entries, destination);
        }

        foreach (var (name, _) in module.named_buffers(recurse: false))
        {
            AddIfPresent(prefix + name, entries, destination);
        }

        foreach (var (name, child) in module.named_children())
        {
            AddInPyTorchOrder(child, prefix + name + ".", entries, destination);
        }
    }

    private static void AddIfPresent(string key, Dictionary<string, Tensor> entries, Dictionary<string, Tensor> destination)
    {
        if (entries.TryGetValue(key, out var tensor))
        {
            destination.TryAdd(key, tensor);
        }
    }

    private static Tensor Upsample(Tensor x, long height, long width) =>
        nn.functional.interpolate(x, size: [height, width], mode: InterpolationMode.Bilinear, align_corners: true);
}
