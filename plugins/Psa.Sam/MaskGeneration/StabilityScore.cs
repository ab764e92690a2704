using System.Numerics;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.MaskGeneration;

/// <summary>The reference <c>calculate_stability_score</c>: IoU of the masks thresholded at <c>t + o</c> and <c>t − o</c>.</summary>
public static class StabilityScore
{
    /// <summary>
    /// <c>count(L &gt; t + o) / count(L &gt; t − o)</c> per mask for logits <c>[..., H, W]</c> (0/0 gives NaN);
    /// returns float32 <c>[...]</c>. Float32 logits on the CPU are counted in one vectorised pass over the pixels
    /// (no bool masks are materialised); other devices and types use the tensor form.
    /// </summary>
    public static Tensor Calculate(Tensor logits, double maskThreshold, double offset)
    {
        ArgumentNullException.ThrowIfNull(logits);
        using var scope = NewDisposeScope();
        if (logits.device_type == DeviceType.CPU && logits.dtype == ScalarType.Float32 && logits.dim() >= 2)
        {
            var batchShape = logits.shape[..^2];
            var pixels = logits.shape[^2] * logits.shape[^1];
            var dense = logits.contiguous();
            var values = MemoryMarshal.Cast<byte, float>(dense.bytes);
            var count = pixels == 0 ? dense.numel() : dense.numel() / pixels;
            var scores = new float[count];
            var high = (float)(maskThreshold + offset);
            var low = (float)(maskThreshold - offset);
            for (var m = 0; m < count; m++)
            {
                var (intersection, union) = Count(values.Slice(m * (int)pixels, (int)pixels), high, low);
                scores[m] = (float)intersection / union;
            }

            return tensor(scores, batchShape).MoveToOuterDisposeScope();
        }

        var intersections = logits.gt(maskThreshold + offset).sum([-1, -2], type: ScalarType.Int32);
        var unions = logits.gt(maskThreshold - offset).sum([-1, -2], type: ScalarType.Int32);
        return intersections.to(float32).div(unions.to(float32)).MoveToOuterDisposeScope();
    }

    /// <summary>Counts the values above <paramref name="high"/> and above <paramref name="low"/> in one pass.</summary>
    private static (int Above, int AboveLow) Count(ReadOnlySpan<float> values, float high, float low)
    {
        var above = 0;
        var aboveLow = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<float>.Count)
        {
            var highs = new Vector<float>(high);
            var lows = new Vector<float>(low);
            var aboveAcc = Vector<int>.Zero;
            var aboveLowAcc = Vector<int>.Zero;
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(values.Slice(i, Vector<float>.Count));
                aboveAcc -= Vector.GreaterThan(v, highs); // true lanes are -1
                aboveLowAcc -= Vector.GreaterThan(v, lows);
            }

            above = Vector.Sum(aboveAcc);
            aboveLow = Vector.Sum(aboveLowAcc);
        }

        for (; i < values.Length; i++)
        {
            above += values[i] > high ? 1 : 0;
            aboveLow += values[i] > low ? 1 : 0;
        }

        return (above, aboveLow);
    }
}
