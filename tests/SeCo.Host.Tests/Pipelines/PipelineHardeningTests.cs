using System.Text;
using SeCo.Host.Pipelines;
using SeCo.Host.Planning;
using SeCo.Host.Tests.Stages;

namespace SeCo.Host.Tests.Pipelines;

/// <summary>Names that become folders are safe names, validate checks what run checks, a BOM is fine, and validation is linear.</summary>
public sealed class PipelineHardeningTests : IDisposable
{
    private readonly PipelineFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Theory]
    [InlineData("../escape")]
    [InlineData("/tmp/absolute")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("with space")]
    [InlineData("dot.ted")]
    [InlineData("-leading-dash")]
    public void Stage_id_that_is_not_a_safe_folder_name_is_refused_where_it_is_written(string id)
    {
        var error = _fixture.SingleError($$"""
            {
              "name": "p",
              "stages": [
                { "id": "{{id}}", "use": "test.source" }
              ]
            }
            """);

        error.JsonPath.Should().Be("$.stages[0].id");
        error.Line.Should().Be(4);
        error.Message.Should().Contain("names the stage's output folder");
    }

    [Theory]
    [InlineData("../up")]
    [InlineData("/abs")]
    [InlineData("a/b")]
    public void Pipeline_name_that_is_not_a_safe_folder_name_is_refused(string name)
    {
        var error = _fixture.SingleError($$"""{ "name": "{{name}}", "stages": [ { "id": "s", "use": "test.source" } ] }""");

        error.JsonPath.Should().Be("$.name");
    }

    [Theory]
    [InlineData("tpu")]
    [InlineData("cuda:x")]
    [InlineData("gpu")]
    public void Unknown_device_fails_validation_not_only_the_run(string device)
    {
        var error = _fixture.SingleError($$"""{ "name": "p", "device": "{{device}}", "stages": [ { "id": "s", "use": "test.source" } ] }""");

        error.JsonPath.Should().Be("$.device");
        error.Message.Should().Contain("auto, cpu, cuda or cuda:N");
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("CUDA:1")]
    [InlineData("auto")]
    public void Known_devices_validate(string device)
    {
        _fixture.Load($$"""{ "name": "p", "device": "{{device}}", "stages": [ { "id": "s", "use": "test.source" } ] }""").Errors.Should().BeEmpty();
    }

    [Fact]
    public void Pipeline_with_a_utf8_byte_order_mark_is_accepted()
    {
        var path = Path.Combine(_fixture.Directory, "bom.json");
        File.WriteAllText(path, """{ "name": "p", "stages": [ { "id": "s", "use": "test.source" } ] }""", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        File.ReadAllBytes(path)[0].Should().Be(0xEF);

        var result = PipelineLoader.Load(path, [], TestCatalog.Create(), _ => null);

        result.Errors.Should().BeEmpty();
        result.Plan!.Stages.Should().ContainSingle();
    }

    [Fact]
    public void Invalid_utf8_in_a_property_name_is_a_located_error_not_an_exception()
    {
        // Found by the fuzz harness (seed cWKV0aYhygb1): System.Text.Json throws InvalidOperationException on the name.
        var path = Path.Combine(_fixture.Directory, "latin1.json");
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes("{\"name\": \"p\",\n \"s"), 0xFF, .. Encoding.UTF8.GetBytes("\": []}")]);

        var result = PipelineLoader.Load(path, [], TestCatalog.Create(), _ => null);

        var error = result.Errors.Should().ContainSingle().Subject;
        error.Message.Should().Contain("not valid UTF-8").And.Contain("0xFF");
        (error.Line, error.Column).Should().Be((2, 4));
    }

    [Fact]
    public void Twenty_thousand_chained_stages_on_one_line_validate()
    {
        // The source map used to compute each value's column by scanning its line: quadratic on one long line.
        const int count = 20_000;
        var json = new StringBuilder("""{"name":"big","stages":[{"id":"s0","use":"test.source"}""");
        for (var i = 1; i < count; i++)
        {
            json.Append(",{\"id\":\"s").Append(i).Append("\",\"use\":\"test.transform\",\"in\":{\"items\":\"s").Append(i - 1).Append(i == 1 ? ".items" : ".result").Append("\"}}");
        }

        json.Append("]}");

        var result = _fixture.Load(json.ToString());

        result.Errors.Should().BeEmpty();
        result.Plan!.Stages.Should().HaveCount(count);
    }

    [Fact]
    public void Errors_in_a_one_line_pipeline_still_carry_their_column()
    {
        var error = _fixture.SingleError("""{"name":"p","stages":[{"id":"s","use":"test.source"},{"id":"t","use":"test.transform","in":{"items":"nope.items"}}]}""");

        error.Line.Should().Be(1);
        error.Column.Should().Be(101);
    }
}
