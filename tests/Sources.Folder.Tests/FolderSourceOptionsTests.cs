using System.Text.Json;
using SeCo.Plugins.Sources.Folder;

namespace Sources.Folder.Tests;

public sealed class FolderSourceOptionsTests
{
    [Fact]
    public void Options_bind_from_a_camel_case_with_object()
    {
        const string with = """
            { "root": "data", "list": "train.txt",
              "groundTruth": [["leftImg8bit/", "gtFine/"], ["_leftImg8bit.png", "_gtFine_labelTrainIds.png"]],
              "taxonomy": { "name": "two", "classes": [{ "name": "a", "color": [1, 2, 3] }] } }
            """;

        var options = JsonSerializer.Deserialize<FolderSourceOptions>(with, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

        options.Root.Should().Be("data");
        options.GroundTruth!.Should().HaveCount(2);
        options.GroundTruth![1].Should().Equal("_leftImg8bit.png", "_gtFine_labelTrainIds.png");
        options.Taxonomy!.Value.GetProperty("name").GetString().Should().Be("two");
        options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Should().BeEmpty();
    }
}
