using SeCo.Benchmarks.Measurement;
using SeCo.Plugins.Psa.Aggregation;
using SeCo.Plugins.Psa.MaskGeneration;
using SeCo.Plugins.Psa.Modeling;
using SeCo.Plugins.Psa.Prompting;
using SeCo.Testing;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Benchmarks.Psa.Sam;

/// <summary>
/// The rows of <c>shared/anchors.md</c> that concern SAM and PSA, measured our way round with the anchors' method
/// (<see cref="AnchorRunner"/>: fresh process, 1 warm-up, 3 timed runs, peak resident set of the measured work with
/// the model resident). DetFill weights as the reference used; 2 torch threads.
/// Run one item per process: <c>dotnet run -c Release --project bench/Psa.Sam.Benchmarks -- anchors &lt;item&gt;</c>.
/// </summary>
internal static class AnchorItems
{
    /// <summary>Item names and what they measure.</summary>
    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        ["sam-encode"] = "1a: SetImage (resize, normalise, ViT-B encoder) of the 300×427 test image",
        ["sam-encode-h"] = "1b: the same with ViT-H (1 cold run, as the reference)",
        ["sam-decoder-64"] = "2a: one batched decoder call, 64 single positive points, multimask, upsampled to 300×427",
        ["sam-amg"] = "3: default automatic mask generator on the test image, its own encode included",
        ["sam-amg-1024x2048"] = "issue 4: default automatic mask generator on a 1024×2048 image (synth_000 ×4), encode included",
        ["psa-vit-b"] = "4a: one PSA image 512×1024 (synth_000 ×2 nearest: 59 thing components ≥ 10 px, so 59 predict calls in the reference; 15 at 256×512) with ViT-B, split into its steps",
        ["psa-tiny"] = "4b: the same with the tiny SAM",
        ["psa-tiny-rand-lowthr"] = "4b with real masks: shipped tiny_rand weights, AMG of golden/psa tiny_rand_lowthr (16x16, thresholds 0.03/0.1/0.02)",
    };

    /// <summary>Runs <paramref name="item"/>; returns false for an unknown name.</summary>
    /// <param name="item">The item name (a key of <see cref="Descriptions"/>).</param>
    /// <param name="saveDirectory">
    /// For the PSA items: a folder where the final label map of one more, untimed run is written
    /// (<c>synth_000_x2.png</c>, palette PNG, pixel value = class id), to compare with what the reference writes for the
    /// same input (<c>bench/reference/psa_reference.py --compare</c>); null to write nothing.
    /// </param>
    public static bool Run(string item, string? saveDirectory = null)
    {
        torch.set_num_threads(2);
        switch (item)
        {
            case "sam-encode":
                Encode(SamVariant.VitB, item, warmups: 1, runs: 3);
                return true;
            case "sam-encode-h":
                Encode(SamVariant.VitH, item, warmups: 0, runs: 1);
                return true;
            case "sam-decoder-64":
                Decoder64(item);
                return true;
            case "sam-amg":
                MaskGeneration(BenchmarkInputs.SamTestImage(), item, runs: 3);
                return true;
            case "sam-amg-1024x2048":
                MaskGeneration(Upscale(BenchmarkInputs.Image(), 4), item, runs: 2);
                return true;
            case "psa-vit-b":
                Psa(Model(SamVariant.VitB), null, item, saveDirectory, runs: 2);
                return true;
            case "psa-tiny":
                Psa(Model(TinyVariant()), null, item, saveDirectory, runs: 3);
                return true;
            case "psa-tiny-rand-lowthr":
                Psa(SamCheckpoint.Load(GoldenData.PathOf("sam", "tiny_rand", "tiny_rand_sam.safetensors"), TinyVariant()), LowThresholds, item, saveDirectory, runs: 3);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The AMG override recorded for the golden <c>tiny_rand_lowthr</c> run (golden/psa/README.md).</summary>
    private static readonly AutomaticMaskGeneratorOptions LowThresholds = new()
    {
        PointsPerSide = 16,
        PredIouThresh = 0.03,
        StabilityScoreThresh = 0.1,
        StabilityScoreOffset = 0.02,
    };

    private static SamVariant TinyVariant() => SamVariant.FromConfigJson(File.ReadAllText(GoldenData.PathOf("sam", "tiny", "config.json")), "tiny");

    private static SamModel Model(SamVariant variant)
    {
        var model = new SamModel(variant);
        DetFill.Apply(model);
        return model;
    }

    private static void Encode(SamVariant variant, string item, int warmups, int runs)
    {
        using var model = Model(variant);
        var image = BenchmarkInputs.SamTestImage();
        AnchorRunner.Run(item, _ =>
        {
            using var noGrad = no_grad();
            using var predictor = new SamPredictor(model);
            predictor.SetImage(image);
        }, warmups, runs);
    }

    private static void Decoder64(string item)
    {
        using var model = Model(SamVariant.VitB);
        var image = BenchmarkInputs.SamTestImage();
        using var noGrad = no_grad();
        using var predictor = new SamPredictor(model);
        predictor.SetImage(image);
        var (points, labels) = BenchmarkInputs.GridPrompts(predictor, image);
        using var disposePoints = points;
        using var disposeLabels = labels;
        AnchorRunner.Run(item, steps =>
        {
            // PredictTorch's body, split: prompt encoder + mask decoder, then upsampling to the image and threshold.
            using var scope = NewDisposeScope();
            var (lowRes, _) = steps.Time("decoder", () => predictor.DecodeTorch(points, labels, null, null, multimaskOutput: true));
            steps.Time("upsample", () => model.PostprocessMasks(lowRes, predictor.InputSize, predictor.OriginalSize).gt(SamModel.MaskThreshold));
        });
    }

    private static void MaskGeneration(RgbImage image, string item, int runs)
    {
        using var model = Model(SamVariant.VitB);
        using var generator = new AutomaticMaskGenerator(model);
        AnchorRunner.Run(item, steps =>
        {
            using var noGrad = no_grad();
            using var predictor = new SamPredictor(model);
            steps.Time("encode", () => predictor.SetImage(image));
            steps.Time("masks", () => generator.Generate(image, predictor));
        }, warmups: 1, runs);
    }

    private static void Psa(SamModel samModel, AutomaticMaskGeneratorOptions? options, string item, string? saveDirectory, int runs)
    {
        using var model = samModel;
        using var generator = new AutomaticMaskGenerator(model, options);
        var image = Upscale(BenchmarkInputs.Image(), 2);
        var label = Upscale(BenchmarkInputs.Label(), 2);
        var aggregator = new PixelSemanticAggregator(BenchmarkInputs.Settings());
        var proposer = new SamRegionProposer(generator);
        LabelMap RunOnce(StepTimes steps)
        {
            // The stage's per-image body (ImageAggregation): one encoding serves the AMG and the thing prompts.
            using var noGrad = no_grad();
            using var predictor = new SamPredictor(model);
            steps.Time("encode", () => predictor.SetImage(image));
            var masks = steps.Time("amg", () => proposer.Propose(image, predictor));
            var components = steps.Time("components+purity", () => ThingComponentFinder.Find(label.Data, label.Width, label.Height, aggregator.Settings));
            var prompts = components.Select(c => c.Prompt).OfType<ThingPrompt>().ToList();
            var thingMasks = steps.Time("thing prompts", () => new SamThingPrompter(predictor).Predict(prompts, label.Width, label.Height));
            return steps.Time("stuff vote+paint", () => aggregator.Paint(label, masks, prompts, thingMasks));
        }

        AnchorRunner.Run(item, steps => RunOnce(steps), warmups: 1, runs);
        Console.WriteLine($"{item}: {image.Width}x{image.Height}, {ThingComponentFinder.Find(label.Data, label.Width, label.Height, aggregator.Settings).Count} thing components");
        if (saveDirectory is not null)
        {
            var path = Path.Combine(saveDirectory, "synth_000_x2.png");
            LabelMapIO.Write(path, RunOnce(new StepTimes()), Palette.SeCoCityscapes);
            Console.WriteLine($"{item}: final label map written to {path}");
        }
    }

    private static RgbImage Upscale(RgbImage source, int factor)
    {
        var result = new RgbImage(source.Width * factor, source.Height * factor);
        for (var y = 0; y < result.Height; y++)
        {
            var from = source.Row(y / factor);
            var to = result.Row(y);
            for (var x = 0; x < result.Width; x++)
            {
                from.Slice(x / factor * 3, 3).CopyTo(to.Slice(x * 3, 3));
            }
        }

        return result;
    }

    private static LabelMap Upscale(LabelMap source, int factor)
    {
        var result = new LabelMap(source.Width * factor, source.Height * factor);
        for (var y = 0; y < result.Height; y++)
        {
            var from = source.Row(y / factor);
            var to = result.Row(y);
            for (var x = 0; x < result.Width; x++)
            {
                to[x] = from[x / factor];
            }
        }

        return result;
    }
}
