using System.Diagnostics;
using SeCo.Plugins.Psa.MaskGeneration;
using SeCo.Plugins.Psa.Modeling;
using SeCo.Plugins.Psa.Prompting;
using SeCo.Testing;
using SeCo.Vision.Rle;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Benchmarks.Psa.Sam;

/// <summary>
/// One timed pass (no BenchmarkDotNet) over the tiny DetFill AMG on golden synth_000: process CPU time (user + sys)
/// for the whole <see cref="AutomaticMaskGenerator.Generate(SeCo.Vision.Imaging.RgbImage, SamPredictor)"/> call and
/// for the per-batch steps replayed one by one (decoder, upsampling, stability, threshold + boxes, host copy, RLE).
/// Run: <c>dotnet run -c Release -- profile</c>.
/// </summary>
internal static class AmgStepProfile
{
    public static void Run()
    {
        torch.set_num_threads(1);
        var variant = SamVariant.FromConfigJson(File.ReadAllText(GoldenData.PathOf("sam", "tiny", "config.json")), "tiny");
        using var model = new SamModel(variant);
        DetFill.Apply(model);
        using var predictor = new SamPredictor(model);
        using var generator = new AutomaticMaskGenerator(model);
        var image = BenchmarkInputs.Image();
        using var noGrad = no_grad();
        predictor.SetImage(image);
        generator.Generate(image, predictor); // warm-up

        var process = Process.GetCurrentProcess();
        var wall = Stopwatch.StartNew();
        var cpu = Cpu(process);
        var count = generator.Generate(image, predictor).Count;
        Console.WriteLine($"AMG Generate: {count} masks, CPU {(Cpu(process) - cpu).TotalSeconds:F3} s, wall {wall.Elapsed.TotalSeconds:F3} s");

        var steps = new Dictionary<string, TimeSpan>();
        var grid = PointGrid.BuildAllLayers(32, 0, 1)[0];
        var survivors = 0L;
        var maxDifference = 0f;
        for (var start = 0; start < grid.Length / 2; start += 64)
        {
            using var scope = NewDisposeScope();
            var points = new double[128];
            for (var i = 0; i < 64; i++)
            {
                points[i * 2] = grid[(start + i) * 2] * image.Width;
                points[i * 2 + 1] = grid[(start + i) * 2 + 1] * image.Height;
            }

            var inputPoints = predictor.Transform.ApplyCoords(tensor(points, [64, 1, 2]), (image.Height, image.Width));
            var labels = ones(64, 1, int64);
            var (lowRes, iou) = Step(steps, "decoder", process, () => predictor.DecodeTorch(inputPoints, labels, null, null, multimaskOutput: true));
            var lowFlat = lowRes.flatten(0, 1);
            var kept = Step(steps, "iou filter", process, () => iou.flatten().gt(0.88).nonzero().flatten());
            var all = Step(steps, "upsample all 192 (PredictTorch)", process, () => model.PostprocessMasks(lowRes, predictor.InputSize, predictor.OriginalSize));
            var logits = Step(steps, "upsample IoU survivors", process, () => model.PostprocessMasks(lowFlat.index_select(0, kept).unsqueeze(1), predictor.InputSize, predictor.OriginalSize).squeeze(1));
            var fullSize = Step(steps, "upsample survivors, full S×S (old)", process, () =>
            {
                var low = lowFlat.index_select(0, kept).unsqueeze(1);
                var up = nn.functional.interpolate(low, [variant.ImageSize, variant.ImageSize], mode: InterpolationMode.Bilinear, align_corners: false);
                var cropped = up[.., .., ..predictor.InputSize.Height, ..predictor.InputSize.Width];
                return nn.functional.interpolate(cropped, [image.Height, image.Width], mode: InterpolationMode.Bilinear, align_corners: false).squeeze(1);
            });
            maxDifference = Math.Max(maxDifference, fullSize.sub(logits).abs().max().item<float>());
            var stabilityAll = Step(steps, "stability all 192 (old)", process, () => StabilityScore.Calculate(all.flatten(0, 1), 0.0, 1.0));
            var stability = Step(steps, "stability survivors", process, () => StabilityScore.Calculate(logits, 0.0, 1.0));
            var stable = stability.ge(0.95).nonzero().flatten();
            survivors += stable.shape[0];
            var masks = Step(steps, "threshold", process, () => logits.index_select(0, stable).gt(0.0));
            var boxes = Step(steps, "boxes", process, () => MaskBoxes.FromMasks(masks));
            var host = Step(steps, "device->host bytes", process, () => masks.to(ScalarType.Byte).cpu().contiguous());
            Step(steps, "RLE", process, () =>
            {
                var pixels = host.bytes;
                var n = image.Height * image.Width;
                for (var k = 0; k < host.shape[0]; k++)
                {
                    CocoRle.Encode(pixels.Slice(k * n, n), image.Height, image.Width);
                }

                return 0;
            });
            GC.KeepAlive(stabilityAll);
            GC.KeepAlive(boxes);
        }

        Console.WriteLine($"Per-step CPU over 16 batches ({survivors} stable masks; largest |new - old| upsampled logit {maxDifference}):");
        foreach (var (name, time) in steps)
        {
            Console.WriteLine($"  {name,-26} {time.TotalSeconds:F3} s");
        }
    }

    /// <summary>
    /// The upsampling half of anchors row 2a: ViT-B low-res logits of 64 prompts × 3 masks (random values, the cost
    /// does not depend on them) post-processed to the SAM test image (427×300), full S×S first upsampling vs cropped.
    /// </summary>
    public static void RunVitBUpsampling()
    {
        torch.set_num_threads(1);
        using var model = new SamModel(SamVariant.VitB);
        using var noGrad = no_grad();
        var process = Process.GetCurrentProcess();
        var (height, width) = (300, 427);
        var resize = new ResizeLongestSide(SamVariant.VitB.ImageSize);
        var inputSize = resize.GetPreprocessShape(height, width);
        using var scope = NewDisposeScope();
        var lowRes = randn(64, 3, 256, 256);
        var size = SamVariant.VitB.ImageSize;
        for (var round = 1; round <= 2; round++)
        {
            // The cropped form runs first in round 1 so that neither side alone pays the first large allocations.
            var steps = new Dictionary<string, TimeSpan>();
            var current = Step(steps, "ViT-B upsample 64x3, cropped (new)", process, () => model.PostprocessMasks(lowRes, inputSize, (height, width)));
            var old = Step(steps, "ViT-B upsample 64x3, full S×S (old)", process, () =>
            {
                var up = nn.functional.interpolate(lowRes, [size, size], mode: InterpolationMode.Bilinear, align_corners: false);
                var cropped = up[.., .., ..inputSize.Height, ..inputSize.Width];
                return nn.functional.interpolate(cropped, [height, width], mode: InterpolationMode.Bilinear, align_corners: false);
            });
            Console.WriteLine($"ViT-B upsampling to {width}x{height} (input {inputSize}), round {round}; largest |new - old| {old.sub(current).abs().max().item<float>()}:");
            foreach (var (name, time) in steps)
            {
                Console.WriteLine($"  {name,-36} {time.TotalSeconds:F3} s");
            }

            old.Dispose();
            current.Dispose();
        }
    }

    private static T Step<T>(Dictionary<string, TimeSpan> steps, string name, Process process, Func<T> step)
    {
        var before = Cpu(process);
        var result = step();
        steps[name] = steps.GetValueOrDefault(name) + (Cpu(process) - before);
        return result;
    }

    private static TimeSpan Cpu(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }
}
