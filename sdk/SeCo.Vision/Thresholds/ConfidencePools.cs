namespace SeCo.Vision.Thresholds;

/// <summary>
/// Collects, image by image, the confidences that class thresholds are computed from: for every class c,
/// the maxima <c>max_c P</c> of the pixels whose argmax is c, in row-major order, keeping every
/// <c>sampleStride</c>-th one of each image (indices 0, s, 2s, … per class and image, as CBST's <c>[0::4]</c>).
/// Memory is 4 bytes per kept sample (classes × samples), never the probability maps.
/// </summary>
public sealed class ConfidencePools
{
    private readonly List<float>[] _samples;
    private readonly long[] _predictedPixels;
    private readonly int[] _counters;

    /// <summary>Creates empty pools.</summary>
    /// <param name="classes">Number of classes.</param>
    /// <param name="sampleStride">Keep every n-th pixel of each class per image (CBST: 4).</param>
    public ConfidencePools(int classes, int sampleStride = ThresholdOptions.CbstSampleStride)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleStride, 1);
        Classes = classes;
        SampleStride = sampleStride;
        _samples = new List<float>[classes];
        for (var c = 0; c < classes; c++)
        {
            _samples[c] = [];
        }

        _predictedPixels = new long[classes];
        _counters = new int[classes];
    }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>The per-class, per-image sampling stride.</summary>
    public int SampleStride { get; }

    /// <summary>Number of images added.</summary>
    public int Images { get; private set; }

    /// <summary>The kept confidences of class <paramref name="c"/>, in the order they were collected.</summary>
    public IReadOnlyList<float> Samples(int c) => _samples[c];

    /// <summary>Number of pixels (all of them, not only the sampled ones) whose argmax was class <paramref name="c"/>.</summary>
    public long PredictedPixels(int c) => _predictedPixels[c];

    /// <summary>Adds one image given its per-pixel argmax and maximum probability.</summary>
    /// <param name="prediction">Argmax class per pixel, row-major.</param>
    /// <param name="confidence">Maximum probability per pixel, row-major.</param>
    public void Add(ReadOnlySpan<byte> prediction, ReadOnlySpan<float> confidence)
    {
        if (prediction.Length != confidence.Length)
        {
            throw new ArgumentException("The prediction and confidence maps must have the same number of pixels.", nameof(confidence));
        }

        Array.Clear(_counters);
        for (var i = 0; i < prediction.Length; i++)
        {
            var c = prediction[i];
            if (c >= Classes)
            {
                throw new ArgumentOutOfRangeException(nameof(prediction), c, $"Class ids must be below {Classes}.");
            }

            if (_counters[c]++ % SampleStride == 0)
            {
                _samples[c].Add(confidence[i]);
            }
        }

        for (var c = 0; c < Classes; c++)
        {
            _predictedPixels[c] += _counters[c];
        }

        Images++;
    }

    /// <summary>Adds one image given its probabilities <c>[classes, pixels]</c> (argmax = first maximum, as NumPy).</summary>
    public void Add(ReadOnlySpan<float> probabilities, Span<byte> predictionBuffer, Span<float> confidenceBuffer)
    {
        ProbabilityMaps.MaxArgmax(probabilities, Classes, predictionBuffer, confidenceBuffer);
        Add(predictionBuffer, confidenceBuffer);
    }
}
