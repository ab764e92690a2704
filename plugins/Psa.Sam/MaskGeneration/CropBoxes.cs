namespace SeCo.Plugins.Psa.MaskGeneration;

/// <summary>The reference <c>generate_crop_boxes</c>: the whole image, then 2^i × 2^i overlapping crops per layer i.</summary>
public static class CropBoxes
{
    /// <summary>Crops of an <paramref name="height"/> × <paramref name="width"/> image, x-start outer, y-start inner.</summary>
    public static IReadOnlyList<CropBox> Generate(int height, int width, int layers, double overlapRatio)
    {
        var boxes = new List<CropBox> { new(0, 0, width, height, 0) };
        var shortSide = Math.Min(height, width);
        for (var layer = 0; layer < layers; layer++)
        {
            var cropsPerSide = 1 << (layer + 1);
            var overlap = (int)(overlapRatio * shortSide * (2.0 / cropsPerSide));
            var cropWidth = CropLength(width, cropsPerSide, overlap);
            var cropHeight = CropLength(height, cropsPerSide, overlap);
            for (var i = 0; i < cropsPerSide; i++)
            {
                var x0 = (int)((long)(cropWidth - overlap) * i);
                for (var j = 0; j < cropsPerSide; j++)
                {
                    var y0 = (int)((long)(cropHeight - overlap) * j);
                    boxes.Add(new CropBox(x0, y0, Math.Min(x0 + cropWidth, width), Math.Min(y0 + cropHeight, height), layer + 1));
                }
            }
        }

        return boxes;
    }

    private static int CropLength(int length, int crops, int overlap) => (int)Math.Ceiling((overlap * (crops - 1) + length) / (double)crops);
}
