using SeCo.Plugins.Adapt.UniMatch.Data;
using SeCo.Sdk.Errors;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;
using static TorchSharp.torch;

namespace SeCo.Plugins.Adapt.UniMatch.Evaluation;

/// <summary>Held-out images with ground truth (UniMatch's <c>val</c> set): full-resolution, normalised, masks as integers.</summary>
/// <param name="Items">Absolute image and ground-truth paths.</param>
public sealed record EvaluationSet(IReadOnlyList<(string Image, string GroundTruth)> Items)
{
    /// <summary>Loads one pair: the image <c>[1, 3, H, W]</c> normalised and the ground truth <c>[1, H, W]</c> int64.</summary>
    public (Tensor Image, Tensor GroundTruth) Load(string imagePath, string groundTruthPath, Device device)
    {
        var image = RgbImageIO.Read(imagePath);
        var groundTruth = LabelMapIO.Read(groundTruthPath);
        if (groundTruth.Width != image.Width || groundTruth.Height != image.Height)
        {
            throw new SeCoInputException(groundTruthPath,
                $"The ground truth is {groundTruth.Width}x{groundTruth.Height} but its image is {image.Width}x{image.Height}; expected the same size.");
        }

        var pixels = new float[3 * image.Width * image.Height];
        TrainTransforms.Normalize(image, pixels);
        var labels = new long[image.Width * image.Height];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = groundTruth.Data[i];
        }

        return (tensor(pixels, [1, 3, image.Height, image.Width]).to(device), tensor(labels, [1, image.Height, image.Width]).to(device));
    }
}
