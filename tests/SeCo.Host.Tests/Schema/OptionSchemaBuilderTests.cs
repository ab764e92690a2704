using System.Text.Json.Nodes;
using SeCo.Host.Plugins;
using SeCo.Host.Schema;

namespace SeCo.Host.Tests.Schema;

public sealed class OptionSchemaBuilderTests
{
    private static JsonObject Build(Type type) => new OptionSchemaBuilder(new DocumentationLookup([])).Build(type);

    private static JsonObject Property(JsonObject schema, string name) => schema["properties"]![name]!.AsObject();

    [Fact]
    public void Options_object_refuses_unknown_keys_and_lists_properties_by_json_name()
    {
        var schema = Build(typeof(ProbeOptions));

        ((string?)schema["type"]).Should().Be("object");
        ((bool?)schema["additionalProperties"]).Should().BeFalse();
        schema["properties"]!.AsObject().Select(p => p.Key).Should()
            .Equal("count", "depth", "holes", "inner", "level", "names", "root", "share", "weights", "word");
    }

    [Fact]
    public void Required_string_whose_default_is_empty_must_be_given_and_non_empty()
    {
        var schema = Build(typeof(ProbeOptions));

        schema["required"]!.AsArray().Select(n => (string?)n).Should().Equal("root");
        var root = Property(schema, "root");
        ((string?)root["type"]).Should().Be("string");
        root["minLength"]!.ToJsonString().Should().Be("1");
        root.ContainsKey("default").Should().BeFalse();
        ((string?)root["description"]).Should().Be("Where the data lives.");
    }

    [Fact]
    public void Nullable_value_takes_null_and_keeps_its_range_and_null_default()
    {
        var count = Property(Build(typeof(ProbeOptions)), "count");

        count["type"]!.AsArray().Select(n => (string?)n).Should().Equal("integer", "null");
        count["minimum"]!.ToJsonString().Should().Be("1");
        count["maximum"]!.ToJsonString().Should().Be("8");
        count["default"].Should().BeNull();
        count.ContainsKey("default").Should().BeTrue();
    }

    [Fact]
    public void Exclusive_range_becomes_exclusive_bounds()
    {
        var share = Property(Build(typeof(ProbeOptions)), "share");

        ((string?)share["type"]).Should().Be("number");
        share["exclusiveMinimum"]!.ToJsonString().Should().Be("0");
        share["exclusiveMaximum"]!.ToJsonString().Should().Be("1");
        share["default"]!.ToJsonString().Should().Be("0.5");
    }

    [Fact]
    public void Allowed_values_become_an_enum_and_a_pattern_matches_the_whole_value_or_nothing()
    {
        var schema = Build(typeof(ProbeOptions));

        Property(schema, "depth")["enum"]!.ToJsonString().Should().Be("[18,34]");
        ((string?)Property(schema, "word")["pattern"]).Should().Be("^$|^(?:[a-z]+)$");
    }

    [Fact]
    public void Collections_and_maps_describe_their_items_with_the_annotated_nullability()
    {
        var schema = Build(typeof(ProbeOptions));

        var names = Property(schema, "names");
        names["type"]!.ToJsonString().Should().Be("""["array","null"]""");
        names["items"]!.ToJsonString().Should().Be("""{"type":"string"}""");
        names["minItems"]!.ToJsonString().Should().Be("1");
        names["maxItems"]!.ToJsonString().Should().Be("3");
        Property(schema, "holes")["items"]!.ToJsonString().Should().Be("""{"type":["string","null"]}""");
        var weights = Property(schema, "weights");
        ((string?)weights["type"]).Should().Be("object");
        weights["additionalProperties"]!.ToJsonString().Should().Be("""{"type":"number"}""");
    }

    [Fact]
    public void Small_integer_types_carry_their_bounds()
    {
        var level = Property(Build(typeof(ProbeOptions)), "level");

        level["minimum"]!.ToJsonString().Should().Be("0");
        level["maximum"]!.ToJsonString().Should().Be("255");
        level["default"]!.ToJsonString().Should().Be("3");
    }

    [Fact]
    public void A_type_containing_itself_ends_in_an_open_object()
    {
        var inner = Property(Build(typeof(ProbeOptions)), "inner");

        inner["type"]!.ToJsonString().Should().Be("""["object","null"]""");
        inner.ContainsKey("properties").Should().BeFalse();
    }

    [Fact]
    public void Csharp_required_member_is_required_and_no_defaults_are_invented()
    {
        var schema = Build(typeof(RequiredMemberOptions));

        schema["required"]!.AsArray().Select(n => (string?)n).Should().Equal("path");
        Property(schema, "size").ContainsKey("default").Should().BeFalse();
    }

    [Fact]
    public void Enum_values_are_written_as_the_binder_reads_them()
    {
        var schema = Build(typeof(Stages.TransformOptions));

        Property(schema, "mode")["enum"]!.ToJsonString().Should().Be("""["fast","verySlow"]""");
        Property(schema, "mode")["default"]!.ToJsonString().Should().Be("\"fast\"");
        var nested = Property(schema, "nested");
        Property(nested, "threshold")["maximum"]!.ToJsonString().Should().Be("1");
        Property(nested, "points")["default"]!.ToJsonString().Should().Be("8");
    }

    [Fact]
    public void Property_descriptions_come_from_the_xml_documentation_of_the_declaring_assembly()
    {
        var documentation = XmlDocumentation.ForAssembly(typeof(ProbeOptions).Assembly);
        documentation.Count.Should().BePositive("the test assembly is built with its XML documentation file");

        var schema = Build(typeof(Stages.TransformOptions));

        ((string?)Property(schema, "factor")["description"]).Should().Be("How many times to repeat the text.");
        Property(schema, "name").ContainsKey("description").Should().BeFalse();
    }
}
