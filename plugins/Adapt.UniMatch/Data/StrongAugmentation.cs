using SeCo.Vision.Imaging;

namespace SeCo.Plugins.Adapt.UniMatch.Data;

/// <summary>
/// One strong view of an unlabelled crop (<c>semi.py</c>, <c>train_u</c>): ColorJitter(0.5, 0.5, 0.5, 0.25) with
/// probability 0.8, RandomGrayscale(0.2), PIL Gaussian blur with σ ~ U(0.1, 2.0) with probability 0.5.
/// </summary>
public static class StrongAugmentation
{
    private static readonly ColorJitter s_jitter = new();

    /// <summary>Returns the strong view; <paramref name="image"/> is not changed.</summary>
    public static RgbImage Apply(RgbImage image, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        var result = image;
        if (random.Random() < 0.8)
        {
            result = s_jitter.Apply(result, random);
        }

        if (random.Random() < 0.2)
        {
            result = Grayscale(result);
        }

        if (random.Random() < 0.5)
        {
            result = PilGaussianBlur.Apply(result, random.Uniform(0.1, 2.0));
        }

        return result == image ? new RgbImage(image.Width, image.Height, (byte[])image.Data.Clone()) : result;
    }

    /// <summary>PIL "L" conversion replicated to three channels.</summary>
    public static RgbImage Grayscale(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var result = new RgbImage(image.Width, image.Height);
        var source = image.Data;
        var target = result.Data;
        for (var i = 0; i < source.Length; i += 3)
        {
            var luma = ColorJitter.Luma(source[i], source[i + 1], source[i + 2]);
            target[i] = luma;
            target[i + 1] = luma;
            target[i + 2] = luma;
        }

        return result;
    }
}
