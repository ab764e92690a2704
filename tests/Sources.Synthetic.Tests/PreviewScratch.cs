using SeCo.Plugins.Sources.Synthetic;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace Sources.Synthetic.Tests;

public class PreviewScratch(ITestOutputHelper output)
{
    [Fact]
    public async Task Preview()
    {
        var dir = "/tmp/synth-preview";
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        Directory.CreateDirectory(dir);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var (images, labels) = await StageHarness.RunAsync(dir, new SyntheticSourceOptions());
        output.WriteLine($"elapsed {sw.ElapsedMilliseconds} ms");
        var agreement = new LabelAgreement();
        foreach (var item in images.Items)
        {
            using var gt = Image.Load<L8>(images.GroundTruthPath(item)!);
            using var pl = Image.Load<L8>(labels.LabelPath(labels.Find(item.Id)!));
            var a = new byte[gt.Width * gt.Height]; gt.CopyPixelDataTo(a);
            var b = new byte[gt.Width * gt.Height]; pl.CopyPixelDataTo(b);
            agreement.Add(a, b);
        }
        output.WriteLine($"mIoU {agreement.MeanIoU:F3} coverage {agreement.Coverage:F3} acc {agreement.PixelAccuracy:F3}");
        output.WriteLine(string.Join(" ", agreement.ClassIoU().Select((v, i) => $"{i}:{v:F2}")));
    }
}
