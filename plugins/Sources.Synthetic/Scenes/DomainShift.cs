using System.Runtime.CompilerServices;
using SeCo.Plugins.Sources.Synthetic.Randomness;

namespace SeCo.Plugins.Sources.Synthetic.Scenes;

/// <summary>
/// The target domain's photometric shift, applied to a shaded scene: dusk light (darker, warmer), a hue rotation of
/// about +15°, saturation × 0.8, gamma 1.3, fog that thickens towards the horizon, a camera blur and sensor noise.
/// Each scene draws its own strengths around those values.
/// </summary>
internal static class DomainShift
{
    private static readonly float[] s_fogColor = [196f, 198f, 204f];

    /// <summary>Shifts <paramref name="rgb"/> (interleaved, row-major) in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(byte[] rgb, int width, int height, StreetPerspective perspective, SceneRandom random)
    {
        var hue = (float)random.Range(10, 20);
        var saturation = (float)random.Range(0.7, 0.9);
        var gamma = random.Range(1.2, 1.4);
        var dusk = (float)random.Range(0.72, 0.9);
        var fog = (float)random.Range(0.15, 0.3);
        var noise = new ValueNoise(random.NextSeed());
        var gammaTable = new float[256];
        for (var v = 0; v < 256; v++)
        {
            gammaTable[v] = (float)(255 * Math.Pow(v / 255.0, gamma));
        }

        var hueRotation = HueRotation(hue);
        var shifted = new float[rgb.Length];
        for (var y = 0; y < height; y++)
        {
            // Fog: full strength at and above the horizon, fading to a third of it at the bottom row.
            var below = Math.Clamp((y + 0.5 - perspective.HorizonY) / (height - perspective.HorizonY), 0, 1);
            var fogAmount = fog * (float)(1 - 0.67 * below);
            for (var x = 0; x < width; x++)
            {
                var i = (y * width + x) * 3;
                var r = gammaTable[rgb[i]];
                var g = gammaTable[rgb[i + 1]];
                var b = gammaTable[rgb[i + 2]];
                var rr = hueRotation[0] * r + hueRotation[1] * g + hueRotation[2] * b;
                var gg = hueRotation[3] * r + hueRotation[4] * g + hueRotation[5] * b;
                var bb = hueRotation[6] * r + hueRotation[7] * g + hueRotation[8] * b;
                var grey = 0.299f * rr + 0.587f * gg + 0.114f * bb;
                rr = (grey + saturation * (rr - grey)) * dusk * 1.06f;
                gg = (grey + saturation * (gg - grey)) * dusk;
                bb = (grey + saturation * (bb - grey)) * dusk * 0.86f;
                shifted[i] = rr + fogAmount * (s_fogColor[0] - rr);
                shifted[i + 1] = gg + fogAmount * (s_fogColor[1] - gg);
                shifted[i + 2] = bb + fogAmount * (s_fogColor[2] - bb);
            }
        }

        // Camera blur (3x3 binomial) and sensor noise (zero-mean, about 5 grey levels).
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var grain = (noise.White(x, y) + noise.White(x + 7919, y + 104729) - 1f) * 9f;
                for (var c = 0; c < 3; c++)
                {
                    float sum = 0, total = 0;
                    for (var dy = -1; dy <= 1; dy++)
                    {
                        var yy = Math.Clamp(y + dy, 0, height - 1);
                        var wy = dy == 0 ? 2f : 1f;
                        for (var dx = -1; dx <= 1; dx++)
                        {
                            var xx = Math.Clamp(x + dx, 0, width - 1);
                            var w = wy * (dx == 0 ? 2f : 1f);
                            sum += shifted[(yy * width + xx) * 3 + c] * w;
                            total += w;
                        }
                    }

                    rgb[(y * width + x) * 3 + c] = (byte)Math.Clamp((int)(sum / total + grain + 0.5f), 0, 255);
                }
            }
        }
    }

    /// <summary>The RGB matrix that rotates hue by <paramref name="degrees"/> about the grey axis (row-major 3x3).</summary>
    private static float[] HueRotation(float degrees)
    {
        var angle = degrees * Math.PI / 180;
        var cos = (float)Math.Cos(angle);
        var sin = (float)Math.Sin(angle);
        const float third = 1f / 3f;
        var root = (float)Math.Sqrt(third);
        var a = cos + (1 - cos) * third;
        var b = third * (1 - cos) - root * sin;
        var c = third * (1 - cos) + root * sin;
        return [a, b, c, c, a, b, b, c, a];
    }
}
