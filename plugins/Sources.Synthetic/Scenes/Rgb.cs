namespace SeCo.Plugins.Sources.Synthetic.Scenes;

/// <summary>A colour with float channels on the 0–255 scale.</summary>
internal readonly record struct Rgb(float R, float G, float B)
{
    /// <summary>Creates a colour from byte-like channel values.</summary>
    public static Rgb Of(int r, int g, int b) => new(r, g, b);

    /// <summary>The colour scaled by <paramref name="factor"/> (darker below 1).</summary>
    public Rgb Scale(double factor) => new((float)(R * factor), (float)(G * factor), (float)(B * factor));

    /// <summary>The colour moved towards <paramref name="other"/> by <paramref name="t"/> in [0, 1].</summary>
    public Rgb Mix(Rgb other, double t) =>
        new((float)(R + (other.R - R) * t), (float)(G + (other.G - G) * t), (float)(B + (other.B - B) * t));

    /// <summary>The colour with every channel shifted by a random amount up to <paramref name="spread"/>, and a random brightness.</summary>
    public Rgb Vary(Randomness.SceneRandom random, double spread, double brightness = 0.1)
    {
        var k = 1 + random.Range(-brightness, brightness);
        return new(
            (float)((R + random.Range(-spread, spread)) * k),
            (float)((G + random.Range(-spread, spread)) * k),
            (float)((B + random.Range(-spread, spread)) * k));
    }
}
