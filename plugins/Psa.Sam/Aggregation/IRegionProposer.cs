using SeCo.Vision.Imaging;

namespace SeCo.Plugins.Psa.Aggregation;

/// <summary>Proposes image regions that vote on stuff classes (SAM's automatic mask generator in SeCo PSA).</summary>
public interface IRegionProposer
{
    /// <summary>Returns binary masks (row-major, image size, non-zero = inside) in proposal order.</summary>
    IReadOnlyList<byte[]> Propose(RgbImage image);
}
