using SeCo.Plugins.Psa.MaskGeneration;
using SeCo.Vision.Imaging;

namespace SeCo.Plugins.Psa.Aggregation;

/// <summary>Region proposals from SAM's <see cref="AutomaticMaskGenerator"/>, in its output order.</summary>
public sealed class SamRegionProposer : IRegionProposer
{
    private readonly AutomaticMaskGenerator _generator;

    /// <summary>Creates a proposer over <paramref name="generator"/> (not owned).</summary>
    public SamRegionProposer(AutomaticMaskGenerator generator) =>
        _generator = generator ?? throw new ArgumentNullException(nameof(generator));

    /// <inheritdoc />
    public IReadOnlyList<byte[]> Propose(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Decode(_generator.Generate(image));
    }

    /// <summary>
    /// Proposes regions for <paramref name="image"/> reusing the embedding <paramref name="encoded"/> holds
    /// (see <see cref="AutomaticMaskGenerator.Generate(RgbImage, Prompting.SamPredictor)"/>): same masks, one encoder pass less.
    /// </summary>
    public IReadOnlyList<byte[]> Propose(RgbImage image, Prompting.SamPredictor encoded)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Decode(_generator.Generate(image, encoded));
    }

    private static byte[][] Decode(IReadOnlyList<MaskRecord> records)
    {
        var masks = new byte[records.Count][];
        for (var i = 0; i < masks.Length; i++)
        {
            masks[i] = records[i].Mask ?? records[i].Rle.Decode();
        }

        return masks;
    }
}
