using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SeCo.Plugins.Psa.Aggregation;
using SeCo.Plugins.Psa.MaskGeneration;
using SeCo.Plugins.Psa.Modeling;
using SeCo.Plugins.Psa.Prompting;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Sdk.IO;
using SeCo.Sdk.Stages;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Taxonomies;
using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.Stages;

/// <summary>
/// Aggregates pixel pseudo-labels into SAM regions (SeCo PSA, spec psa): SAM automatic masks vote on stuff classes,
/// SAM prompted with a box and purity points re-segments every thing component (or, with
/// <see cref="PsaProposer.Felzenszwalb"/>, image segments do both without weights). Images are processed one at a time;
/// an image whose output exists is skipped, so a killed run resumes where it stopped. A shard run
/// (<see cref="StageContext.Shard"/>) aggregates only its shard's images and writes no list file.
/// </summary>
[Stage("psa.sam", UsesDevice = true, Shardable = true, Description = "Pixel Semantic Aggregation: SAM masks (or weight-free Felzenszwalb segments) vote on stuff classes; box+point prompts re-segment things.")]
public sealed class PsaStage : IStage<PsaOptions>
{
    /// <summary>The list file written beside the label maps, in the reference format (<c>image_path label_path</c>).</summary>
    public const string ListFileName = "labeled.txt";

    /// <summary>The images the pseudo-labels belong to.</summary>
    public static readonly Port<ImageSet> Images = Port.Input<ImageSet>("images", "The target-domain images.");

    /// <summary>The pixel pseudo-labels, one per image id.</summary>
    public static readonly Port<LabelSet> Labels = Port.Input<LabelSet>("labels", "Pixel pseudo-labels (255 = ignore), one per image.");

    /// <summary>The aggregated labels.</summary>
    public static readonly Port<LabelSet> Aggregated = Port.Output<LabelSet>("labels", "Aggregated label maps (palette PNG) and labeled.txt.");

    /// <inheritdoc />
    public Task<StageOutputs> RunAsync(StageContext context, PsaOptions options, StageInputs inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(inputs);
        var images = inputs.Get(Images);
        var labels = inputs.Get(Labels);
        var taxonomy = Taxonomy.Resolve(options.Taxonomy ?? default, context.Taxonomy, labels.Taxonomy ?? images.Taxonomy);
        var settings = options.ToAggregationSettings(taxonomy);
        CheckClassIds(settings.StuffIds, taxonomy, "with.stuffIds");
        CheckClassIds(settings.ThingIds, taxonomy, "with.thingIds");
        var labelsById = labels.Items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var unlabelled = images.Items.FirstOrDefault(i => !labelsById.ContainsKey(i.Id));
        // An image whose label an earlier stage skipped (onBadItem: skip) is skipped here too.
        if (unlabelled is not null && context.OnBadItem == BadItemPolicy.Skip && images.Items.Any(i => labelsById.ContainsKey(i.Id)))
        {
            unlabelled = null;
        }

        if (unlabelled is not null)
        {
            throw new SeCoInputException(new InputLocation(Item: unlabelled.Id),
                "The image has no pseudo-label in the labels input; psa.sam expects one label map per image.");
        }

        var sam = options.Proposer == PsaProposer.Sam;
        var model = sam ? LoadModel(context, options) : null;
        using var generator = model is null ? null : new AutomaticMaskGenerator(model, options.MaskGenerator.ToGeneratorOptions());
        using var predictor = model is null ? null : new SamPredictor(model);
        var engine = new ImageAggregation(options, new PixelSemanticAggregator(settings), generator, predictor);

        Directory.CreateDirectory(context.OutputDirectory);
        foreach (var missing in images.Items.Where(i => context.ShouldProcess(i.Id) && !labelsById.ContainsKey(i.Id)))
        {
            context.Logger.LogWarning("Skipped {Image}: it has no pseudo-label (skipped by an earlier stage)", missing.Id);
        }

        string RelativePath(ImageItem item) => ReferenceNaming.OutputLabelPath(labelsById[item.Id].Label, options.Variant);
        var palette = taxonomy.Palette;
        var done = ItemLoop.Run(context, images.Items.Where(i => labelsById.ContainsKey(i.Id)).ToList(), "psa", item => item.Id,
            item => Path.Combine(context.OutputDirectory, RelativePath(item)),
            item => AggregateImage(context, images.ImagePath(item), labels.LabelPath(labelsById[item.Id]), item.Id, engine, palette),
            cancellationToken);
        var items = new List<LabelItem>(done.Completed.Count);
        var list = new StringBuilder();
        foreach (var item in done.Completed)
        {
            var relative = RelativePath(item);
            items.Add(new LabelItem(item.Id, relative));
            list.Append(item.Image.Replace('\\', '/')).Append(' ').Append(relative).Append('\n');
        }

        if (context.Shard is null)
        {
            AtomicFile.WriteAllText(Path.Combine(context.OutputDirectory, ListFileName), list.ToString());
        }

        var output = new LabelSet(context.OutputDirectory, items) { Taxonomy = taxonomy.Name, ListFile = ListFileName };
        return Task.FromResult(new StageOutputs().Set(Aggregated, output));
    }

    /// <summary>Aggregates one image; returns its label PNG (written by the item loop).</summary>
    private static byte[] AggregateImage(StageContext context, string imagePath, string labelPath, string id, ImageAggregation engine, Palette palette)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var total = Stopwatch.StartNew();
        var label = LabelMapIO.Read(labelPath);
        var image = RgbImageIO.Read(imagePath);
        if (image.Width != label.Width || image.Height != label.Height)
        {
            // The reference resizes the image to the label's size (PIL's default RGB filter, bicubic); all work
            // happens at label resolution.
            context.Logger.LogDebug("{Image}: image {W}x{H} resized (bicubic) to the label's {LW}x{LH}", id, image.Width, image.Height, label.Width, label.Height);
            image = PillowResample.Resize(image, label.Width, label.Height, PillowFilter.Bicubic);
        }

        var result = engine.Aggregate(image, label);
        var png = LabelMapIO.Encode(result.Labels, palette);
        context.Logger.LogInformation(
            "Aggregated {Image} in {Ms} ms: {Regions} regions ({ProposeMs} ms), {Components} thing components, prompts {PromptMs} ms",
            id, total.ElapsedMilliseconds, engine.LastRegionCount, engine.LastProposeMilliseconds, result.Components.Count, engine.LastPromptMilliseconds);
        return png;
    }

    private static SamModel LoadModel(StageContext context, PsaOptions options)
    {
        var checkpoint = context.ResolvePath(options.Checkpoint ?? throw new SeCoInputException(
            new InputLocation(JsonPath: "with.checkpoint"),
            "No SAM checkpoint is configured; expected the path of a SAM .pth or .safetensors file (or proposer: \"felzenszwalb\", which needs none)."));
        SamVariant variant;
        string variantKey;
        if (options.VariantConfig is { } config)
        {
            var configPath = context.ResolvePath(config);
            if (!File.Exists(configPath))
            {
                throw new SeCoInputException(new InputLocation(File: configPath, JsonPath: "with.variantConfig"),
                    "The SAM architecture file does not exist; expected a config.json with image_encoder, prompt_encoder and mask_decoder.");
            }

            variant = SamVariant.FromConfigJson(File.ReadAllText(configPath), options.Variant);
            variantKey = configPath;
        }
        else
        {
            try
            {
                variant = SamVariant.FromName(options.Variant);
            }
            catch (ArgumentException e)
            {
                throw new SeCoInputException(new InputLocation(JsonPath: "with.variant"), e.Message, e);
            }

            variantKey = options.Variant;
        }

        var device = context.Tensors.Device;
        var precision = options.EncoderPrecision;
        if (!SamModel.Supports(precision, device))
        {
            throw new SeCoInputException(new InputLocation(JsonPath: "with.encoderPrecision"),
                $"encoderPrecision \"float16\" is not available on {device}: {SamModel.UnsupportedPrecisionMessage}");
        }

        return context.Tensors.Models.GetOrCreate(ModelKey(checkpoint, variantKey, device, precision),
            () => SamCheckpoint.Load(checkpoint, variant, device, precision));
    }

    /// <summary>
    /// The model-cache key: one model per checkpoint, architecture, device and encoder precision, so a model another
    /// stage uses in float32 is never shared with (or cast by) a stage that wants a reduced-precision encoder.
    /// </summary>
    internal static string ModelKey(string checkpoint, string variantKey, Device device, EncoderPrecision precision) =>
        $"psa.sam|{checkpoint}|{variantKey}|{device}|encoder:{SamModel.ScalarTypeOf(precision)}";

    private static void CheckClassIds(IReadOnlyList<int> ids, Taxonomy taxonomy, string jsonPath)
    {
        foreach (var id in ids)
        {
            if ((uint)id >= (uint)taxonomy.Count)
            {
                throw new SeCoInputException(new InputLocation(JsonPath: jsonPath),
                    $"Class id {id} is not a class of {taxonomy.Name}; expected ids from 0 to {taxonomy.Count - 1}.");
            }
        }
    }
}
