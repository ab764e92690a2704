using System.Text;
using SeCo.Host.Pipelines;

namespace SeCo.Host.Tests.Pipelines;

public sealed class JsonSourceMapTests
{
    [Fact]
    public void Paths_map_to_the_line_and_column_of_values_and_keys()
    {
        var json = "{\n  \"a\": [1, {\"b\": \"é\", \"c\": true}],\n  \"odd key\": null\n}";

        var map = JsonSourceMap.Build(Encoding.UTF8.GetBytes(json), out var error)!;

        error.Should().BeNull();
        map.ValueAt("$").Should().Be(new SourcePosition(1, 1));
        map.ValueAt("$.a").Should().Be(new SourcePosition(2, 8));
        map.ValueAt("$.a[0]").Should().Be(new SourcePosition(2, 9));
        map.ValueAt("$.a[1]").Should().Be(new SourcePosition(2, 12));
        map.KeyAt("$.a[1].b").Should().Be(new SourcePosition(2, 13));
        map.ValueAt("$.a[1].b").Should().Be(new SourcePosition(2, 18));
        // Columns count characters: "é" is two bytes but one column.
        map.ValueAt("$.a[1].c").Should().Be(new SourcePosition(2, 28));
        map.ValueAt("$['odd key']").Should().Be(new SourcePosition(3, 14));
    }

    [Fact]
    public void Truncated_json_reports_where_it_ends()
    {
        var map = JsonSourceMap.Build(Encoding.UTF8.GetBytes("{\n  \"a\": [1, 2\n"), out var error);

        map.Should().BeNull();
        error!.Line.Should().Be(3);
        error.Message.Should().StartWith("The file is not valid JSON").And.NotContain("LineNumber");
    }
}
