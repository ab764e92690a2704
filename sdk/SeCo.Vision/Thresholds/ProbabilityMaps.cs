namespace SeCo.Vision.Thresholds;

/// <summary>Per-pixel reductions of class-probability maps laid out <c>[classes, pixels]</c> (C-order <c>C x H x W</c>).</summary>
public static class ProbabilityMaps
{
    /// <summary>Maximum and argmax over classes; ties go to the lowest class, as NumPy's <c>argmax</c>.</summary>
    public static void MaxArgmax(ReadOnlySpan<float> probabilities, int classes, Span<byte> argmax, Span<float> max)
    {
        var pixels = argmax.Length;
        if (probabilities.Length != classes * pixels || max.Length != pixels)
        {
            throw new ArgumentException($"Expected {classes} x {pixels} probabilities and {pixels} outputs.", nameof(probabilities));
        }

        probabilities[..pixels].CopyTo(max);
        argmax.Clear();
        for (var c = 1; c < classes; c++)
        {
            var plane = probabilities.Slice(c * pixels, pixels);
            for (var i = 0; i < pixels; i++)
            {
                if (plane[i] > max[i])
                {
                    max[i] = plane[i];
                    argmax[i] = (byte)c;
                }
            }
        }
    }
}
