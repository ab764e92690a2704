using System.Runtime.CompilerServices;
using SeCo.Plugins.Sources.Synthetic.Randomness;

namespace SeCo.Plugins.Sources.Synthetic.Scenes;

/// <summary>
/// Turns a canvas's base colours into a photo-like image: class-dependent procedural texture,
/// a global lighting gradient, sensor grain, and a slight blur across object boundaries.
/// </summary>
internal static class SceneShader
{
    // Texture strength and feature size (pixels) per train id; index 19 stands for unlabelled pixels.
    private static readonly float[] s_textureAmplitude =
        [0.10f, 0.12f, 0.10f, 0.14f, 0.10f, 0.06f, 0.05f, 0.04f, 0.38f, 0.28f, 0.07f, 0.08f, 0.08f, 0.05f, 0.06f, 0.05f, 0.05f, 0.07f, 0.07f, 0.05f];

    // Which texture field each class uses: 0 fine (2.5 px), 1 medium (5 px), 2 coarse (12 px), 3 clouds (45 px).
    private static readonly byte[] s_textureField = [1, 0, 1, 1, 0, 1, 1, 1, 0, 0, 3, 1, 1, 2, 2, 2, 2, 1, 1, 2];

    private static readonly float[] s_fieldScale = [2.5f, 5f, 12f, 45f];

    /// <summary>Renders the canvas to interleaved RGB bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static byte[] Render(SceneCanvas canvas, SceneRandom random)
    {
        var width = canvas.Width;
        var height = canvas.Height;
        var texture = new ValueNoise(random.NextSeed());
        var grain = new ValueNoise(random.NextSeed());
        var brightness = (float)random.Range(0.82, 1.08);
        var slope = (float)random.Range(-0.25, 0.25);
        var shaded = new float[width * height * 3];
        var fields = new float[s_fieldScale.Length][];
        for (var f = 0; f < fields.Length; f++)
        {
            fields[f] = new float[width];
        }

        for (var y = 0; y < height; y++)
        {
            var vertical = 1f - 0.12f * (y / (float)height);
            // Only the texture fields some pixel of this row uses.
            var needed = 0;
            foreach (var label in canvas.Labels.AsSpan(y * width, width))
            {
                needed |= 1 << s_textureField[label < 19 ? label : 19];
            }

            for (var f = 0; f < fields.Length; f++)
            {
                if ((needed & (1 << f)) != 0)
                {
                    texture.FractalRow(y + f * 1000, s_fieldScale[f], fields[f]);
                }
            }

            for (var x = 0; x < width; x++)
            {
                var i = y * width + x;
                var label = canvas.Labels[i];
                var cls = label < 19 ? label : 19;
                var tex = 1f + s_textureAmplitude[cls] * (fields[s_textureField[cls]][x] - 0.5f) * 2f;
                var light = brightness * vertical * (1f + slope * (x / (float)width - 0.5f)) * tex;
                var noise = (grain.White(x, y) - 0.5f) * 6f;
                shaded[i * 3] = canvas.Colors[i * 3] * light + noise;
                shaded[i * 3 + 1] = canvas.Colors[i * 3 + 1] * light + noise;
                shaded[i * 3 + 2] = canvas.Colors[i * 3 + 2] * light + noise;
            }
        }

        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = y * width + x;
                if (IsBoundary(canvas.Instances, width, height, x, y))
                {
                    BlurInto(shaded, rgb, width, height, x, y);
                }
                else
                {
                    rgb[i * 3] = ToByte(shaded[i * 3]);
                    rgb[i * 3 + 1] = ToByte(shaded[i * 3 + 1]);
                    rgb[i * 3 + 2] = ToByte(shaded[i * 3 + 2]);
                }
            }
        }

        return rgb;
    }

    private static bool IsBoundary(int[] instances, int width, int height, int x, int y)
    {
        var i = y * width + x;
        var v = instances[i];
        return (x > 0 && instances[i - 1] != v) || (x < width - 1 && instances[i + 1] != v)
            || (y > 0 && instances[i - width] != v) || (y < height - 1 && instances[i + width] != v);
    }

    private static void BlurInto(float[] shaded, byte[] rgb, int width, int height, int x, int y)
    {
        // 3x3 binomial kernel [1 2 1]^T [1 2 1] / 16, clamped at the borders.
        float r = 0, g = 0, b = 0, total = 0;
        for (var dy = -1; dy <= 1; dy++)
        {
            var yy = Math.Clamp(y + dy, 0, height - 1);
            var wy = dy == 0 ? 2f : 1f;
            for (var dx = -1; dx <= 1; dx++)
            {
                var xx = Math.Clamp(x + dx, 0, width - 1);
                var w = wy * (dx == 0 ? 2f : 1f);
                var j = (yy * width + xx) * 3;
                r += shaded[j] * w;
                g += shaded[j + 1] * w;
                b += shaded[j + 2] * w;
                total += w;
            }
        }

        var i = (y * width + x) * 3;
        rgb[i] = ToByte(r / total);
        rgb[i + 1] = ToByte(g / total);
        rgb[i + 2] = ToByte(b / total);
    }

    private static byte ToByte(float value) => (byte)Math.Clamp((int)(value + 0.5f), 0, 255);
}
