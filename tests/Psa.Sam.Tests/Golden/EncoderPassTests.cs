using SeCo.Plugins.Psa.Aggregation;
using SeCo.Plugins.Psa.MaskGeneration;
using SeCo.Plugins.Psa.Prompting;
using SeCo.Plugins.Psa.Stages;
using SeCo.Testing;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Taxonomies;
using static TorchSharp.torch;

namespace Psa.Sam.Tests.Golden;

/// <summary>
/// The stage encodes each image once (the reference twice: its predictor and the generator's own, quirk 1), with the
/// same output as the two-encoder path. A forward hook on the image encoder counts the passes.
/// </summary>
public sealed class EncoderPassTests
{
    [Fact]
    public void Each_image_is_encoded_once_and_aggregates_as_with_two_encodings()
    {
        using var model = TinySam.Random();
        var passes = 0;
        var hook = model.ImageEncoder.register_forward_hook((_, _, output) =>
        {
            passes++;
            return output;
        });
        var generatorOptions = AmgRun.Read("tiny_rand_lowthr").Options;
        var settings = new PsaOptions().ToAggregationSettings(Taxonomy.Cityscapes19);
        var aggregator = new PixelSemanticAggregator(settings);
        var options = new PsaOptions { Checkpoint = "unused", PromptBatchSize = 64 };
        using var generator = new AutomaticMaskGenerator(model, generatorOptions);
        using var predictor = new SamPredictor(model);
        var engine = new ImageAggregation(options, aggregator, generator, predictor);
        var names = new[] { "synth_000", "synth_001" };

        var results = new List<byte[]>();
        using (no_grad())
        {
            foreach (var name in names)
            {
                var (image, label) = Inputs(name);
                results.Add(engine.Aggregate(image, label).Labels.Data);
            }
        }

        passes.Should().Be(names.Length);
        passes = 0;
        using (no_grad())
        {
            for (var i = 0; i < names.Length; i++)
            {
                var (image, label) = Inputs(names[i]);
                var masks = new SamRegionProposer(generator).Propose(image);
                predictor.SetImage(image);
                var twice = aggregator.Aggregate(label, masks, new SamThingPrompter(predictor)).Labels.Data;
                predictor.ResetImage();
                twice.Should().Equal(results[i]);
            }
        }

        passes.Should().Be(2 * names.Length, "the reference path encodes every image twice");
        hook.remove();
    }

    private static (RgbImage Image, LabelMap Label) Inputs(string name) => (
        RgbImageIO.Read(GoldenData.PathOf("psa", "data", "leftImg8bit", "train", name + "_leftImg8bit.png")),
        LabelMapIO.Read(GoldenData.PathOf("psa", "data", "psd_label", "train", name + ".png")));
}
