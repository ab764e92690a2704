using System.Text.Json;
using SeCo.Sdk.Errors;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Taxonomies;

namespace SeCo.Vision.Tests.Taxonomies;

public sealed class TaxonomyTests
{
    [Fact]
    public void Cityscapes19_has_the_psa_stuff_and_thing_split()
    {
        var taxonomy = Taxonomy.Cityscapes19;

        taxonomy.Count.Should().Be(19);
        taxonomy.StuffIds.Should().Equal(0, 1, 2, 3, 4, 8, 9, 10);
        taxonomy.ThingIds.Should().Equal(5, 6, 7, 11, 12, 13, 14, 15, 16, 17, 18);
        taxonomy.Classes[10].Name.Should().Be("sky");
        taxonomy.Palette.Bytes.ToArray().Should().Equal(Palette.SeCoCityscapes.Bytes.ToArray());
    }

    [Fact]
    public void Synthia16_drops_terrain_truck_and_train()
    {
        var taxonomy = Taxonomy.Synthia16;

        taxonomy.Count.Should().Be(16);
        taxonomy.ClassNames.Should().NotContain(["terrain", "truck", "train"]);
        taxonomy.Classes[9].Name.Should().Be("sky");
        taxonomy.Classes[13].Name.Should().Be("bus");
        taxonomy.StuffIds.Should().Equal(0, 1, 2, 3, 4, 8, 9);
        taxonomy.ThingIds.Should().Equal(5, 6, 7, 10, 11, 12, 13, 14, 15);
        taxonomy.Palette[9].Should().Be(((byte)0, (byte)130, (byte)180));
        taxonomy.Palette[15].Should().Be(((byte)119, (byte)11, (byte)32));
        taxonomy.Palette[16].Should().Be(((byte)255, (byte)255, (byte)255));
    }

    [Theory]
    [InlineData("light", 6)]
    [InlineData("Traffic Sign", 7)]
    [InlineData("motocycle", 17)]
    public void Other_spellings_of_class_names_resolve(string name, int id)
    {
        Taxonomy.Cityscapes19.TryGetId(name, out var found).Should().BeTrue();
        found.Should().Be(id);
    }

    [Fact]
    public void Valid_labels_are_class_ids_and_ignore()
    {
        Taxonomy.Synthia16.IsValidLabel(15).Should().BeTrue();
        Taxonomy.Synthia16.IsValidLabel(255).Should().BeTrue();
        Taxonomy.Synthia16.IsValidLabel(16).Should().BeFalse();
    }

    [Theory]
    [InlineData("\"cityscapes19\"", "cityscapes19")]
    [InlineData("\"SYNTHIA16\"", "synthia16")]
    [InlineData("{\"name\": \"synthia16\"}", "synthia16")]
    public void Built_in_names_resolve_from_json(string json, string expected)
    {
        Taxonomy.FromJson(Parse(json)).Name.Should().Be(expected);
    }

    [Fact]
    public void Custom_taxonomy_is_read_from_an_object()
    {
        var taxonomy = Taxonomy.FromJson(Parse("""
            { "name": "roads3", "classes": [
                { "name": "road", "color": [128, 64, 128] },
                { "name": "car", "color": [0, 0, 142], "thing": true },
                { "name": "sky", "color": [0, 130, 180], "thing": false } ] }
            """));

        taxonomy.Name.Should().Be("roads3");
        taxonomy.ClassNames.Should().Equal("road", "car", "sky");
        taxonomy.ThingIds.Should().Equal(1);
        taxonomy.StuffIds.Should().Equal(0, 2);
        taxonomy.Palette[1].Should().Be(((byte)0, (byte)0, (byte)142));
        taxonomy.Palette[3].Should().Be(((byte)255, (byte)255, (byte)255));
    }

    [Theory]
    [InlineData("\"ade20k\"", "$.taxonomy", "*Unknown taxonomy 'ade20k'*cityscapes19*")]
    [InlineData("42", "$.taxonomy", "*Number*")]
    [InlineData("{\"classes\": []}", "$.taxonomy", "*no 'name'*")]
    [InlineData("{\"name\": \"mine\"}", "$.taxonomy", "*declares no 'classes'*")]
    [InlineData("{\"name\": \"mine\", \"classes\": []}", "$.taxonomy.classes", "*1 to 255*")]
    [InlineData("{\"name\": \"mine\", \"classes\": [{\"name\": \"a\", \"color\": [1, 2]}]}", "$.taxonomy.classes[0].color", "*[r, g, b]*")]
    [InlineData("{\"name\": \"mine\", \"classes\": [{\"name\": \"a\", \"color\": [1, 2, 256]}]}", "$.taxonomy.classes[0].color", "*0 to 255*")]
    [InlineData("{\"name\": \"mine\", \"classes\": [{\"name\": \"a\"}]}", "$.taxonomy.classes[0]", "*no 'color'*")]
    [InlineData("{\"name\": \"mine\", \"classes\": [{\"name\": \"a\", \"color\": [1, 2, 3], \"thing\": \"yes\"}]}", "$.taxonomy.classes[0].thing", "*true or false*")]
    [InlineData("{\"name\": \"mine\", \"classes\": [{\"name\": \"a\", \"color\": [1, 2, 3]}, {\"name\": \"A\", \"color\": [1, 2, 3]}]}", "$.taxonomy.classes[1].name", "*unique*")]
    [InlineData("{\"name\": \"mine\", \"colours\": []}", "$.taxonomy.colours", "*Unknown taxonomy property*")]
    [InlineData("{\"name\": \"cityscapes19\", \"classes\": [{\"name\": \"a\", \"color\": [1, 2, 3]}]}", "$.taxonomy.name", "*built-in*")]
    public void Bad_taxonomies_are_input_errors_with_a_json_path(string json, string jsonPath, string message)
    {
        var act = () => Taxonomy.FromJson(Parse(json));

        act.Should().Throw<SeCoInputException>()
            .Where(e => e.Location.JsonPath == jsonPath)
            .WithMessage(message);
    }

    [Fact]
    public void Missing_taxonomy_is_an_input_error()
    {
        var act = () => Taxonomy.FromJson(default);

        act.Should().Throw<SeCoInputException>().WithMessage("No taxonomy is given*");
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
