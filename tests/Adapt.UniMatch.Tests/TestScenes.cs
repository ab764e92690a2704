using SeCo.Sdk.Artifacts;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;

namespace Adapt.UniMatch.Tests;

/// <summary>Small image/label sets on disk: each image has a left class-0 half and a right class-1 half with its colour.</summary>
internal static class TestScenes
{
    public static (ImageSet Images, LabelSet Labels) Write(string root, int count, int width, int height, Func<int, double>? ignoredShare = null)
    {
        Directory.CreateDirectory(Path.Combine(root, "img"));
        Directory.CreateDirectory(Path.Combine(root, "lbl"));
        Directory.CreateDirectory(Path.Combine(root, "gt"));
        var images = new List<ImageItem>();
        var labels = new List<LabelItem>();
        for (var n = 0; n < count; n++)
        {
            var image = new RgbImage(width, height);
            var gt = new LabelMap(width, height);
            var label = new LabelMap(width, height);
            var ignoredRows = (int)Math.Round((ignoredShare?.Invoke(n) ?? 0) * height);
            var split = width / 2 + (n % 3) - 1;
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var right = x >= split;
                    var i = (y * width + x) * 3;
                    image.Data[i] = (byte)(right ? 200 : 30 + (x * 7 + y * 3) % 20);
                    image.Data[i + 1] = (byte)(right ? 40 : 160);
                    image.Data[i + 2] = (byte)(right ? 60 + n : 90);
                    gt[x, y] = (byte)(right ? 1 : 0);
                    label[x, y] = y < ignoredRows ? LabelMap.Ignore : (byte)(right ? 1 : 0);
                }
            }

            var id = $"city/img{n:D2}";
            RgbImageIO.Write(Path.Combine(root, "img", $"img{n:D2}.png"), image);
            LabelMapIO.Write(Path.Combine(root, "gt", $"img{n:D2}.png"), gt);
            LabelMapIO.Write(Path.Combine(root, "lbl", $"img{n:D2}.png"), label);
            images.Add(new ImageItem(id, $"img/img{n:D2}.png", $"gt/img{n:D2}.png"));
            labels.Add(new LabelItem(id, $"lbl/img{n:D2}.png"));
        }

        return (new ImageSet(root, images), new LabelSet(root, labels));
    }
}
