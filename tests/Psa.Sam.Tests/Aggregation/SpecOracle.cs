using SeCo.Plugins.Psa.Aggregation;
using SeCo.Vision.LabelMaps;

namespace Psa.Sam.Tests.Aggregation;

/// <summary>The spec §9 hand oracle's frame (24×20), its drawing helpers and its stub predictor.</summary>
internal static class SpecOracle
{
    public const int Width = 24;
    public const int Height = 20;

    /// <summary>Paints the inclusive rectangle rows <paramref name="y0"/>..<paramref name="y1"/>, columns <paramref name="x0"/>..<paramref name="x1"/>.</summary>
    public static void Fill(LabelMap map, int y0, int y1, int x0, int x1, byte value)
    {
        for (var y = y0; y <= y1; y++)
        {
            map.Row(y)[x0..(x1 + 1)].Fill(value);
        }
    }

    /// <summary>A 0/1 mask of the oracle frame.</summary>
    public static byte[] Mask(Func<int, int, bool> inside)
    {
        var mask = new byte[Width * Height];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                mask[(y * Width) + x] = inside(y, x) ? (byte)1 : (byte)0;
            }
        }

        return mask;
    }

    /// <summary>The spec's stub predictor: the inclusive prompt box is the mask.</summary>
    public sealed class BoxPrompter : IThingPrompter
    {
        public IReadOnlyList<byte[]> Predict(IReadOnlyList<ThingPrompt> prompts, int width, int height) =>
            prompts.Select(p => Mask((y, x) => x >= p.Box.X && x <= p.Box.XMax && y >= p.Box.Y && y <= p.Box.YMax)).ToList();
    }
}
