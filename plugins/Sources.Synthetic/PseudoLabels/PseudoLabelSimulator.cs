using System.Runtime.CompilerServices;
using SeCo.Plugins.Sources.Synthetic.Randomness;
using SeCo.Plugins.Sources.Synthetic.Scenes;
using C = SeCo.Plugins.Sources.Synthetic.Scenes.CityscapesClass;

namespace SeCo.Plugins.Sources.Synthetic.PseudoLabels;

/// <summary>
/// Derives pixel pseudo-labels from a scene's ground truth the way a domain-adapted segmenter
/// (ProDA, CBST) gets them wrong: whole or partial object confusions, stuff patches of a confusable
/// class, missed thin objects, false-positive blobs, borders that wander by a few pixels, a band of
/// ignore (255) around predicted borders and in low-confidence areas (confidence thresholding), and
/// confident speckles of random classes. Confident cores stay correct.
/// </summary>
internal static class PseudoLabelSimulator
{
    private const byte Missing = 254;

    // Thin and small objects move less than class borders in general, and class-balanced
    // thresholding (CBST) keeps more of small classes: their displacement and ignore band are scaled
    // down. Index 19 stands for ignore.
    private static readonly float[] s_displacementScale =
        [1f, 1f, 1f, 1f, 1f, 0.35f, 0.35f, 0.35f, 1f, 1f, 1f, 0.6f, 0.6f, 1f, 1f, 1f, 1f, 0.6f, 0.6f, 1f];

    private static readonly float[] s_bandScale =
        [1f, 1f, 1f, 1f, 0.8f, 0.3f, 0.3f, 0.3f, 1f, 1f, 1f, 0.6f, 0.6f, 1f, 1f, 1f, 1f, 0.6f, 0.6f];

    private static readonly byte[] s_falsePositiveClasses = [C.Person, C.Pole, C.TrafficSign, C.Car, C.Vegetation, C.Fence, C.Bicycle];

    /// <summary>Simulates the pseudo-label of <paramref name="scene"/>.</summary>
    public static byte[] Simulate(StreetScene scene, SyntheticSourceOptions options, SceneRandom random)
    {
        var width = scene.Width;
        var height = scene.Height;
        var patchNoise = new ValueNoise(random.NextSeed());
        var labels = ObjectErrors(scene, options, random, patchNoise);
        FillMissing(labels, width, height);
        StuffConfusions(labels, width, height, options.StuffConfusionBlobs, random);
        FalsePositives(labels, width, height, options.FalsePositiveBlobs, random);
        var warped = Warp(labels, width, height, options.BoundaryNoise, random);
        ThresholdConfidence(warped, scene.Labels, width, height, options, random);
        Speckle(warped, width, height, options.SpeckleRate, random);
        return warped;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static byte[] ObjectErrors(StreetScene scene, SyntheticSourceOptions options, SceneRandom random, ValueNoise patchNoise)
    {
        // Per instance: the class it is predicted as, and whether only noisy patches of it are affected.
        var count = scene.InstanceClasses.Count;
        var predicted = new byte[count];
        var partial = new bool[count];
        for (var id = 0; id < count; id++)
        {
            var label = scene.InstanceClasses[id];
            predicted[id] = label;
            if (ClassConfusions.IsThin(label) && random.Chance(options.ThinClassMissRate))
            {
                predicted[id] = Missing;
                partial[id] = random.Chance(0.5);
            }
            else if (C.IsThing(label) && random.Chance(options.InstanceConfusion) && ClassConfusions.ForObject(label, random) is { } other)
            {
                predicted[id] = other;
                partial[id] = random.Chance(0.35);
            }
        }

        var width = scene.Width;
        var labels = new byte[scene.Labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            var id = scene.Instances[i];
            var truth = scene.Labels[i];
            if (truth == C.Ignore || predicted[id] == truth)
            {
                labels[i] = truth;
                continue;
            }

            var keep = partial[id] && patchNoise.Fractal(i % width, i / width, 14f) < 0.5f;
            labels[i] = keep ? truth : predicted[id];
        }

        return labels;
    }

    private static void FillMissing(byte[] labels, int width, int height)
    {
        // A missed thin object takes the class of what is beside it, as a segmenter's context would.
        for (var y = 0; y < height; y++)
        {
            var row = labels.AsSpan(y * width, width);
            var x = 0;
            while (x < width)
            {
                if (row[x] != Missing)
                {
                    x++;
                    continue;
                }

                var end = x;
                while (end < width && row[end] == Missing)
                {
                    end++;
                }

                var fill = x > 0 ? row[x - 1] : end < width ? row[end] : C.Ignore;
                row[x..end].Fill(fill);
                x = end;
            }
        }
    }

    private static void StuffConfusions(byte[] labels, int width, int height, int blobs, SceneRandom random)
    {
        var edge = new ValueNoise(random.NextSeed());
        for (var k = 0; k < blobs; k++)
        {
            for (var attempt = 0; attempt < 20; attempt++)
            {
                var cx = random.Next(0, width);
                var cy = random.Next(0, height);
                var from = labels[cy * width + cx];
                if (ClassConfusions.ForStuff(from, random) is not { } to || (to == C.Terrain && cy < height * 0.45))
                {
                    continue;
                }

                var radius = random.Range(0.02, 0.06) * width;
                PaintBlob(labels, width, height, cx, cy, radius, radius * random.Range(0.5, 1.0), edge, from, to);
                break;
            }
        }
    }

    private static void FalsePositives(byte[] labels, int width, int height, int blobs, SceneRandom random)
    {
        var edge = new ValueNoise(random.NextSeed());
        var unit = width / 512.0;
        for (var k = 0; k < blobs; k++)
        {
            var label = random.Pick(s_falsePositiveClasses);
            var cx = random.Next(0, width);
            var cy = random.Next(height / 4, height * 9 / 10);
            var rx = random.Range(1.5, 6) * unit;
            var ry = label is C.Pole or C.Person ? rx * random.Range(2, 4) : rx * random.Range(0.6, 1.4);
            PaintBlob(labels, width, height, cx, cy, rx, ry, edge, from: null, label);
        }
    }

    private static void PaintBlob(byte[] labels, int width, int height, double cx, double cy, double rx, double ry,
        ValueNoise edge, byte? from, byte to)
    {
        var noiseScale = (float)Math.Max(Math.Min(rx, ry) * 0.4, 1.5);
        var x0 = Math.Max((int)(cx - rx * 1.4), 0);
        var x1 = Math.Min((int)(cx + rx * 1.4) + 1, width - 1);
        var y0 = Math.Max((int)(cy - ry * 1.4), 0);
        var y1 = Math.Min((int)(cy + ry * 1.4) + 1, height - 1);
        for (var y = y0; y <= y1; y++)
        {
            var dy = (y + 0.5 - cy) / ry;
            for (var x = x0; x <= x1; x++)
            {
                var dx = (x + 0.5 - cx) / rx;
                var limit = 1 + 0.7 * (edge.Sample(x / noiseScale, y / noiseScale) - 0.5);
                var i = y * width + x;
                if (dx * dx + dy * dy <= limit * limit && labels[i] != C.Ignore && (from is null || labels[i] == from))
                {
                    labels[i] = to;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static byte[] Warp(byte[] labels, int width, int height, double amplitude, SceneRandom random)
    {
        // Predicted borders wander: sample the label map through a smooth random displacement field.
        var fieldX = new ValueNoise(random.NextSeed());
        var fieldY = new ValueNoise(random.NextSeed());
        var a = (float)amplitude;
        var warped = new byte[labels.Length];
        var rowX = new float[width];
        var rowY = new float[width];
        for (var y = 0; y < height; y++)
        {
            fieldX.FractalRow(y, 9f, rowX);
            fieldY.FractalRow(y, 9f, rowY);
            for (var x = 0; x < width; x++)
            {
                var dx = a * (rowX[x] - 0.5f) * 2f;
                var dy = a * (rowY[x] - 0.5f) * 2f;
                var here = labels[y * width + x];
                var source = Sample(labels, width, height, x + dx, y + dy);
                var scale = MathF.Min(s_displacementScale[ClassIndex(here)], s_displacementScale[ClassIndex(source)]);
                if (scale < 1f)
                {
                    // Thin and small objects keep their place better than their outline: a smaller displacement.
                    source = Sample(labels, width, height, x + dx * scale, y + dy * scale);
                }

                warped[y * width + x] = here == C.Ignore || source == C.Ignore ? here : source;
            }
        }

        return warped;
    }

    private static int ClassIndex(byte label) => label < C.Count ? label : C.Count;

    private static byte Sample(byte[] labels, int width, int height, float x, float y)
    {
        var sx = Math.Clamp((int)MathF.Round(x), 0, width - 1);
        var sy = Math.Clamp((int)MathF.Round(y), 0, height - 1);
        return labels[sy * width + sx];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ThresholdConfidence(byte[] labels, byte[] truth, int width, int height, SyntheticSourceOptions options, SceneRandom random)
    {
        var bandNoise = new ValueNoise(random.NextSeed());
        var lowConfidence = new ValueNoise(random.NextSeed());
        var distance = BorderDistance.Compute(labels, width, height);
        var areaScale = Math.Max(width / 16f, 8f);
        var confidence = new float[labels.Length];
        var histogram = new int[1024];
        for (var y = 0; y < height; y++)
        {
            var row = confidence.AsSpan(y * width, width);
            lowConfidence.FractalRow(y, areaScale, row);
            for (var x = 0; x < width; x++)
            {
                var c = row[x];
                histogram[Math.Min((int)(c * 1024), 1023)]++;
            }
        }

        // The threshold that puts IgnoreFraction of the pixels into low-confidence areas.
        var wanted = (long)(options.IgnoreFraction * labels.Length);
        var cut = 1024;
        for (long seen = 0; cut > 0 && seen + histogram[cut - 1] <= wanted; cut--)
        {
            seen += histogram[cut - 1];
        }

        var threshold = cut / 1024f;
        var band = (float)options.IgnoreBand * 3f;
        var bandRow = new float[width];
        for (var y = 0; y < height; y++)
        {
            bandNoise.FractalRow(y, 7f, bandRow);
            for (var x = 0; x < width; x++)
            {
                var i = y * width + x;
                if (truth[i] == C.Ignore)
                {
                    labels[i] = C.Ignore;
                    continue;
                }

                var scale = labels[i] < C.Count ? s_bandScale[labels[i]] : 1f;
                var localBand = band * scale * (0.5f + bandRow[x]);
                if (distance[i] < localBand || confidence[i] >= threshold)
                {
                    labels[i] = C.Ignore;
                }
            }
        }
    }

    private static void Speckle(byte[] labels, int width, int height, double rate, SceneRandom random)
    {
        var count = (int)(rate * labels.Length);
        for (var k = 0; k < count; k++)
        {
            var x = random.Next(0, width - 1);
            var y = random.Next(0, height - 1);
            var label = (byte)random.Next(0, C.Count);
            var size = random.Chance(0.5) ? 2 : 1;
            for (var dy = 0; dy < size; dy++)
            {
                for (var dx = 0; dx < size; dx++)
                {
                    labels[(y + dy) * width + x + dx] = label;
                }
            }
        }
    }
}
