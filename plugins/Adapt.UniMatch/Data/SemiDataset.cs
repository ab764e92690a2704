using SeCo.Sdk.Errors;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;

namespace SeCo.Plugins.Adapt.UniMatch.Data;

/// <summary>
/// UniMatch's <c>SemiDataset</c> for <c>train_l</c> and <c>train_u</c>: image/mask pairs, the repetition of the labelled
/// list to the unlabelled length, and the train transforms of <c>semi.py</c>.
/// </summary>
public sealed class SemiDataset
{
    /// <summary>The padding value of unlabelled masks; becomes 255 in the ignore mask.</summary>
    public const byte UnlabeledPadding = 254;

    private readonly IReadOnlyList<(string Image, string Mask)> _entries;

    /// <summary>Creates the dataset.</summary>
    /// <param name="entries">Absolute image and mask paths.</param>
    /// <param name="cropSize">The square crop size.</param>
    public SemiDataset(IReadOnlyList<(string Image, string Mask)> entries, int cropSize)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfLessThan(cropSize, 1);
        _entries = entries;
        CropSize = cropSize;
    }

    /// <summary>Number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>Crop size.</summary>
    public int CropSize { get; }

    /// <summary>The image and mask path of an entry.</summary>
    public (string Image, string Mask) this[int index] => _entries[index];

    /// <summary>
    /// The <c>train_l</c> rule: the labelled list repeated <c>ceil(n_u / n_l)</c> times and cut to <c>n_u</c> entries
    /// (kept as is when it is at least as long as the unlabelled list).
    /// </summary>
    public static IReadOnlyList<T> RepeatLabeled<T>(IReadOnlyList<T> labeled, int unlabeledCount)
    {
        ArgumentNullException.ThrowIfNull(labeled);
        if (labeled.Count == 0 || labeled.Count >= unlabeledCount)
        {
            return labeled;
        }

        var times = (unlabeledCount + labeled.Count - 1) / labeled.Count;
        var result = new List<T>(unlabeledCount);
        for (var t = 0; t < times && result.Count < unlabeledCount; t++)
        {
            for (var i = 0; i < labeled.Count && result.Count < unlabeledCount; i++)
            {
                result.Add(labeled[i]);
            }
        }

        return result;
    }

    /// <summary><c>train_l</c>: resize, crop (mask padded with 255), flip, normalise.</summary>
    public LabeledSample LoadLabeled(int index, IRandomSource random)
    {
        var (image, mask) = Geometric(index, LabelMap.Ignore, random);
        var normalised = new float[3 * CropSize * CropSize];
        TrainTransforms.Normalize(image, normalised);
        var target = new long[CropSize * CropSize];
        var data = mask.Data;
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = data[i];
        }

        return new LabeledSample(normalised, target);
    }

    /// <summary><c>train_u</c>: resize, crop (mask padded with 254), flip, then the weak view, two strong views and their CutMix boxes.</summary>
    public UnlabeledSample LoadUnlabeled(int index, IRandomSource random)
    {
        var (image, mask) = Geometric(index, UnlabeledPadding, random);
        var strong1 = StrongAugmentation.Apply(image, random);
        var box1 = CutMixBox.Obtain(CropSize, random);
        var strong2 = StrongAugmentation.Apply(image, random);
        var box2 = CutMixBox.Obtain(CropSize, random);
        var plane = 3 * CropSize * CropSize;
        var weak = new float[plane];
        var s1 = new float[plane];
        var s2 = new float[plane];
        TrainTransforms.Normalize(image, weak);
        TrainTransforms.Normalize(strong1, s1);
        TrainTransforms.Normalize(strong2, s2);
        var ignore = new long[CropSize * CropSize];
        var data = mask.Data;
        for (var i = 0; i < ignore.Length; i++)
        {
            ignore[i] = data[i] == UnlabeledPadding ? 255 : 0;
        }

        return new UnlabeledSample(weak, s1, s2, ignore, box1, box2);
    }

    private (RgbImage Image, LabelMap Mask) Geometric(int index, byte maskFill, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var (imagePath, maskPath) = _entries[index];
        var image = RgbImageIO.Read(imagePath);
        var mask = LabelMapIO.Read(maskPath);
        if (mask.Width != image.Width || mask.Height != image.Height)
        {
            throw new SeCoInputException(maskPath,
                $"The label map is {mask.Width}x{mask.Height} but its image is {image.Width}x{image.Height}; expected the same size.");
        }

        (image, mask) = TrainTransforms.RandomResize(image, mask, random);
        (image, mask) = TrainTransforms.RandomCrop(image, mask, CropSize, maskFill, random);
        return TrainTransforms.RandomHorizontalFlip(image, mask, random);
    }
}
