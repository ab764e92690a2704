using SeCo.Plugins.Psa.Prompting;
using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.Aggregation;

/// <summary>
/// Thing prompts through a <see cref="SamPredictor"/> whose image is already set: box + positive points,
/// <c>multimask_output=False</c>, prompts with the same number of points decoded together in batches (the
/// reference makes one decoder call per component), one device→host copy per batch.
/// </summary>
public sealed class SamThingPrompter : IThingPrompter
{
    private readonly SamPredictor _predictor;
    private readonly int _batchSize;

    /// <summary>Creates a prompter over <paramref name="predictor"/> (not owned; its image must be set).</summary>
    /// <param name="predictor">The predictor holding the image embedding.</param>
    /// <param name="batchSize">Most prompts per decoder call.</param>
    public SamThingPrompter(SamPredictor predictor, int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _predictor = predictor;
        _batchSize = batchSize;
    }

    /// <inheritdoc />
    public IReadOnlyList<byte[]> Predict(IReadOnlyList<ThingPrompt> prompts, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        if (_predictor.OriginalSize != (height, width))
        {
            throw new InvalidOperationException($"The predictor holds a {_predictor.OriginalSize.Width}x{_predictor.OriginalSize.Height} image; the prompts are for {width}x{height}.");
        }

        var masks = new byte[prompts.Count][];
        var pixelCount = width * height;
        foreach (var group in Enumerable.Range(0, prompts.Count).GroupBy(i => prompts[i].Points.Count))
        {
            var indexes = group.ToArray();
            for (var start = 0; start < indexes.Length; start += _batchSize)
            {
                var chunk = indexes.AsSpan(start, Math.Min(_batchSize, indexes.Length - start)).ToArray();
                var samPrompts = new SamPrompt[chunk.Length];
                for (var k = 0; k < chunk.Length; k++)
                {
                    var prompt = prompts[chunk[k]];
                    var points = new SamPoint[prompt.Points.Count];
                    for (var p = 0; p < points.Length; p++)
                    {
                        points[p] = new SamPoint(prompt.Points[p].X, prompt.Points[p].Y, 1);
                    }

                    samPrompts[k] = new SamPrompt { Points = points, Box = new SamBox(prompt.Box.X, prompt.Box.Y, prompt.Box.XMax, prompt.Box.YMax) };
                }

                using var scope = NewDisposeScope();
                using var prediction = _predictor.PredictBatch(samPrompts, multimaskOutput: false);
                using var host = prediction.Masks.to(ScalarType.Byte).cpu().contiguous(); // [B, 1, H, W]
                var bytes = host.bytes;
                for (var k = 0; k < chunk.Length; k++)
                {
                    masks[chunk[k]] = bytes.Slice(k * pixelCount, pixelCount).ToArray();
                }
            }
        }

        return masks;
    }
}
