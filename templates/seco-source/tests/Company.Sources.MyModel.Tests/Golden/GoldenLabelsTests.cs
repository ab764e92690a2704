using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Stages;
using SeCo.Vision.LabelMaps;

namespace Company.Sources.MyModel.Tests.Golden;

public sealed class GoldenLabelsTests
{
    /// <summary>Golden/README.md: the labels match exactly.</summary>
    private const int DifferingPixelsTolerance = 0;

    private static string DataPath(string file) => Path.Combine(AppContext.BaseDirectory, "Golden", "data", file);

    internal static ModelSourceOptions GoldenOptions(string checkpoint) => new()
    {
        Checkpoint = checkpoint,
        Classes = 3,
        Hidden = 4,
        Threshold = 0.5,
    };

    internal static ImageSet GoldenImages() => new(DataPath(""), [new ImageItem("image", "image.png")]);

    [Fact]
    public async Task Labels_match_the_reference_model()
    {
        using var temp = new TempDirectory();
        var context = TestStage.Context(temp.Path);
        var inputs = new StageInputs(new Dictionary<string, Artifact> { ["images"] = GoldenImages() });

        var outputs = await new ModelSourceStage().RunAsync(context, GoldenOptions(DataPath("model.safetensors")), inputs, CancellationToken.None);

        var labels = (LabelSet)outputs.Artifacts["labels"];
        labels.Items.Should().ContainSingle().Which.Id.Should().Be("image");
        var actual = LabelMapIO.Read(labels.LabelPath(labels.Items[0]));
        var expected = LabelMapIO.Read(DataPath("labels.png"));
        actual.Width.Should().Be(expected.Width);
        actual.Height.Should().Be(expected.Height);
        var differing = actual.Data.Zip(expected.Data).Count(pair => pair.First != pair.Second);
        differing.Should().BeLessThanOrEqualTo(DifferingPixelsTolerance);
        expected.Data.Should().Contain(LabelMap.Ignore, "the golden image exercises the confidence threshold");
    }
}
