using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using SeCo.Plugins.Sources.Synthetic.Output;
using SeCo.Plugins.Sources.Synthetic.PseudoLabels;
using SeCo.Plugins.Sources.Synthetic.Randomness;
using SeCo.Plugins.Sources.Synthetic.Scenes;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.IO;
using SeCo.Sdk.Stages;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;

namespace SeCo.Plugins.Sources.Synthetic;

/// <summary>
/// Generates a deterministic demo target domain: street scenes with exact Cityscapes ground truth
/// and pixel pseudo-labels that fail the way a domain-adapted segmenter's do.
/// </summary>
[Stage("sources.synthetic", Description = "Generates street scenes with Cityscapes ground truth and realistic noisy pixel pseudo-labels (deterministic for a seed).")]
public sealed class SyntheticSourceStage : IStage<SyntheticSourceOptions>
{
    /// <summary>The taxonomy of the generated labels.</summary>
    public const string Taxonomy = "cityscapes19";

    /// <summary>The colours the label PNGs are written with: those of <see cref="Taxonomy"/>.</summary>
    private static readonly Palette s_palette = SeCo.Vision.Taxonomies.Taxonomy.FromName(Taxonomy).Palette;

    /// <summary>The RGB images with their ground-truth train-id maps.</summary>
    public static readonly Port<ImageSet> Images = Port.Output<ImageSet>("images", "RGB street scenes with ground-truth train-id maps (cityscapes19).");

    /// <summary>The pixel pseudo-labels (255 = ignore), with a <c>list.txt</c> in the reference layout; empty in the source and target domains.</summary>
    public static readonly Port<LabelSet> Labels = Port.Output<LabelSet>("labels", "Simulated pixel pseudo-labels (cityscapes19, 255 = ignore) and list.txt; empty for domain source/target.");

    /// <summary>The ground-truth train-id maps: the only way ground truth leaves this stage in the source and target domains.</summary>
    public static readonly Port<LabelSet> GroundTruth = Port.Output<LabelSet>("groundTruth", "Ground-truth train-id maps (cityscapes19, 255 = unlabelled).");

    /// <inheritdoc />
    public async Task<StageOutputs> RunAsync(StageContext context, SyntheticSourceOptions options, StageInputs inputs,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var root = context.OutputDirectory;
        var seed = options.Seed ?? context.Seed;
        var count = options.Count;
        var stopwatch = Stopwatch.StartNew();
        var degree = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount;
        context.Progress.Report(0, count, "generate");
        var generated = await Task.Run(
            () => ItemLoop.Run(context, Enumerable.Range(0, count).ToArray(), "generate", SampleLayout.Id,
                index => OutputPaths(root, index, options), index => EncodeSample(seed, index, options), degree, cancellationToken),
            cancellationToken).ConfigureAwait(false);

        var simulated = options.Domain == SyntheticDomain.Noise;
        var images = new ImageItem[count];
        var labels = new List<LabelItem>(simulated ? count : 0);
        var truth = new LabelItem[count];
        var list = new StringBuilder();
        for (var index = 0; index < count; index++)
        {
            var id = SampleLayout.Id(index);
            images[index] = new ImageItem(id, SampleLayout.Image(id), simulated ? SampleLayout.GroundTruth(id) : null);
            truth[index] = new LabelItem(id, SampleLayout.GroundTruth(id));
            if (simulated)
            {
                labels.Add(new LabelItem(id, SampleLayout.PseudoLabel(id)));
                list.Append(SampleLayout.Image(id)).Append(' ').Append(SampleLayout.PseudoLabel(id)).Append('\n');
            }
        }

        if (simulated)
        {
            AtomicFile.WriteAllText(Path.Combine(root, SampleLayout.ListFile), list.ToString());
        }

        context.Logger.LogInformation("Generated {Generated} synthetic {Domain} scenes ({Reused} already present) of {Width}x{Height} in {Ms} ms",
            count - generated.Resumed, options.Domain, generated.Resumed, options.Width, options.Height, stopwatch.ElapsedMilliseconds);

        return new StageOutputs()
            .Set(Images, new ImageSet(root, images) { Taxonomy = Taxonomy })
            .Set(Labels, new LabelSet(root, labels) { Taxonomy = Taxonomy, ListFile = simulated ? SampleLayout.ListFile : null })
            .Set(GroundTruth, new LabelSet(root, truth) { Taxonomy = Taxonomy });
    }

    /// <summary>How far apart the seeds of two streams are (a prime above any seed an <c>int</c> can hold).</summary>
    private const long StreamStride = 4_294_967_311L;

    /// <summary>Generates the scene and pseudo-label of one sample in memory.</summary>
    /// <remarks>The pseudo-label is null outside the <c>noise</c> domain.</remarks>
    internal static (StreetScene Scene, byte[]? PseudoLabel) Generate(int seed, int index, SyntheticSourceOptions options)
    {
        var random = SceneRandom.ForImage(seed + StreamStride * options.Stream, index);
        var style = options.Domain == SyntheticDomain.Target ? SceneStyle.Target : SceneStyle.Source;
        var scene = StreetSceneGenerator.Generate(options.Width, options.Height, random, style);
        var pseudo = options.Domain == SyntheticDomain.Noise ? PseudoLabelSimulator.Simulate(scene, options, new SceneRandom(random.NextSeed())) : null;
        return (scene, pseudo);
    }

    /// <summary>The files of one sample: image, ground truth and, in the <c>noise</c> domain, the pseudo-label.</summary>
    private static string[] OutputPaths(string root, int index, SyntheticSourceOptions options)
    {
        var id = SampleLayout.Id(index);
        return options.Domain == SyntheticDomain.Noise
            ? [Path.Combine(root, SampleLayout.Image(id)), Path.Combine(root, SampleLayout.GroundTruth(id)), Path.Combine(root, SampleLayout.PseudoLabel(id))]
            : [Path.Combine(root, SampleLayout.Image(id)), Path.Combine(root, SampleLayout.GroundTruth(id))];
    }

    /// <summary>The encoded files of one sample, in the order of <see cref="OutputPaths"/>.</summary>
    private static byte[][] EncodeSample(int seed, int index, SyntheticSourceOptions options)
    {
        var (scene, pseudo) = Generate(seed, index, options);
        var image = RgbImageIO.Encode(new RgbImage(scene.Width, scene.Height, scene.Rgb), ".png");
        var truth = LabelMapIO.Encode(new LabelMap(scene.Width, scene.Height, scene.Labels), s_palette);
        return pseudo is null ? [image, truth] : [image, truth, LabelMapIO.Encode(new LabelMap(scene.Width, scene.Height, pseudo), s_palette)];
    }
}
