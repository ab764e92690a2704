namespace SeCo.Host.Tests.Pipelines;

public sealed class PipelineValidationTests : IDisposable
{
    private readonly PipelineFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Valid_pipeline_produces_a_plan_in_topological_order()
    {
        var result = _fixture.Load("""
            {
              "name": "p",
              "stages": [
                { "id": "t", "use": "test.transform", "in": { "items": "s.items" } },
                { "id": "s", "use": "test.source" }
              ]
            }
            """);

        result.Errors.Should().BeEmpty();
        result.Plan!.Stages.Select(s => s.Id).Should().Equal("s", "t");
        result.Plan.Definition.Device.Should().Be("auto");
        result.Plan.Definition.Seed.Should().Be(0);
        result.Plan.Definition.Workspace.Should().Be(Path.Combine(_fixture.Directory, "runs", "p"));
    }

    [Fact]
    public void Malformed_json_is_reported_with_its_line_and_column()
    {
        var error = _fixture.SingleError("""
            {
              "name": "p",
              "stages": [
                { "id": "s" "use": "test.source" }
              ]
            }
            """);

        error.Message.Should().StartWith("The file is not valid JSON");
        error.Line.Should().Be(4);
        error.Column.Should().Be(17);
        error.JsonPath.Should().Be("$");
    }

    [Fact]
    public void Unknown_stage_type_suggests_the_closest_installed_one()
    {
        var error = _fixture.SingleError("""
            {
              "name": "p",
              "stages": [
                { "id": "s", "use": "test.sorce" }
              ]
            }
            """);

        error.JsonPath.Should().Be("$.stages[0].use");
        error.Line.Should().Be(4);
        error.Column.Should().Be(25);
        error.Message.Should().Contain("Unknown stage 'test.sorce'").And.Contain("Did you mean 'test.source'?");
    }

    [Fact]
    public void Duplicate_stage_id_names_the_first_use()
    {
        var error = _fixture.SingleError("""
            {
              "name": "p",
              "stages": [
                { "id": "s", "use": "test.source" },
                { "id": "s", "use": "test.source" }
              ]
            }
            """);

        error.JsonPath.Should().Be("$.stages[1].id");
        error.Line.Should().Be(5);
        error.Message.Should().Contain("Stage id 's' is used twice").And.Contain("$.stages[0]");
    }

    [Fact]
    public void Unknown_input_port_lists_the_stage_inputs()
    {
        var error = _fixture.SingleError("""
            {
              "name": "p",
              "stages": [
                { "id": "s", "use": "test.source" },
                { "id": "t", "use": "test.transform",
                  "in": { "items": "s.items", "extar": "s.items" } }
              ]
            }
            """);

        error.JsonPath.Should().Be("$.stages[1].in.extar");
        error.Line.Should().Be(6);
        error.Column.Should().Be(35);
        error.Message.Should().Contain("has no input port 'extar'").And.Contain("Did you mean 'extra'?").And.Contain("items, extra");
    }

    [Fact]
    public void Unknown_source_stage_is_reported_at_the_input()
    {
        var error = _fixture.SingleError("""
            {
              "name": "p",
              "stages": [
                { "id": "source", "use": "test.source" },
                { "id": "t", "use": "test.transform", "in": { "items": "sorce.items" } }
              ]
            }
            """);

        error.JsonPath.Should().Be("$.stages[1].in.items");
        error.Line.Should().Be(5);
        error.Message.Should().Contain("refers to stage 'sorce', which is not in the pipeline").And.Contain("Did you mean 'source'?");
    }

    [Fact]
    public void Unknown_source_port_lists_the_source_outputs()
    {
        var error = _fixture.SingleError("""
            {
              "name": "p",
              "stages": [
                { "id": "s", "use": "test.source" },
                { "id": "t", "use": "test.transform", "in": { "items": "s.itemz" } }
              ]
            }
            """);

        error.JsonPath.Should().Be("$.stages[1].in.items");
        error.Line.Should().Be(5);
        error.Message.Should().Contain("Stage 's' (test.source) has no output port 'itemz'").And.Contain("Did you mean 'items'?");
    }

    [Fact]
    public void Port_type_mismatch_names_both_types()
    {
        var error = _fixture.SingleError("""
            {
              "name": "p",
              "stages": [
                { "id": "img", "use": "test.images" },
                { "id": "t", "use": "test.transform", "in": { "items": "img.images" } }
              ]
            }
            """);

        error.JsonPath.Should().Be("$.stages[1].in.items");
        error.Line.Should().Be(5);
        error.Message.Should().Contain("Type mismatch")
            .And.Contain("takes Report (SeCo.Sdk.Artifacts.Report)")
            .And.Contain("produces ImageSet (SeCo.Sdk.Artifacts.ImageSet)");
    }

    [Fact]
    public void Cycle_names_the_stages_on_it_in_order()
    {
        var error = _fixture.SingleError("""
            {
              "name": "p",
              "stages": [
                { "id": "s", "use": "test.source" },
                { "id": "a", "use": "test.transform", "in": { "items": "s.items", "extra": "c.result" } },
                { "id": "b", "use": "test.transform", "in": { "items": "a.result" } },
                { "id": "c", "use": "test.transform", "in": { "items": "b.result" } }
              ]
            }
            """);

        error.JsonPath.Should().Be("$.stages[1].in");
        error.Line.Should().Be(5);
        error.Message.Should().Contain("Stages form a cycle: a → b → c → a.");
    }

    [Fact]
    public void Missing_required_input_is_reported_at_the_stage()
    {
        var error = _fixture.SingleError("""
            {
              "name": "p",
              "stages": [
                { "id": "t", "use": "test.transform" }
              ]
            }
            """);

        error.JsonPath.Should().Be("$.stages[0]");
        error.Line.Should().Be(4);
        error.Message.Should().Contain("needs input 'items' (Report)");
    }

    [Fact]
    public void Unknown_option_key_is_reported_at_the_key_with_a_suggestion()
    {
        var error = _fixture.SingleError("""
            {
              "name": "p",
              "stages": [
                { "id": "s", "use": "test.source",
                  "with": { "cuont": 3 } }
              ]
            }
            """);

        error.JsonPath.Should().Be("$.stages[0].with.cuont");
        error.Line.Should().Be(5);
        error.Column.Should().Be(17);
        error.Message.Should().Contain("Unknown option 'cuont'").And.Contain("Did you mean 'count'?");
    }

    [Fact]
    public void Option_keys_are_case_sensitive()
    {
        var error = _fixture.SingleError("""{ "name": "p", "stages": [ { "id": "s", "use": "test.source", "with": { "Count": 3 } } ] }""");

        error.JsonPath.Should().Be("$.stages[0].with.Count");
        error.Message.Should().Contain("Unknown option 'Count'").And.Contain("Did you mean 'count'?");
    }

    [Fact]
    public void Option_of_the_wrong_type_names_the_expected_type()
    {
        var error = _fixture.SingleError("""
            {
              "name": "p",
              "stages": [
                { "id": "s", "use": "test.source",
                  "with": { "count": "three" } }
              ]
            }
            """);

        error.JsonPath.Should().Be("$.stages[0].with.count");
        error.Line.Should().Be(5);
        error.Column.Should().Be(26);
        error.Message.Should().Contain("expects integer (Int32); got the string \"three\"");
    }

    [Fact]
    public void Enum_option_accepts_camel_case_and_rejects_other_names()
    {
        var ok = _fixture.Load("""{ "name": "p", "stages": [ { "id": "s", "use": "test.source" }, { "id": "t", "use": "test.transform", "in": { "items": "s.items" }, "with": { "mode": "verySlow" } } ] }""");
        ok.Errors.Should().BeEmpty();
        ok.Plan!.Find("t")!.Options.Should().BeOfType<Stages.TransformOptions>().Which.Mode.Should().Be(Stages.TransformMode.VerySlow);

        var error = _fixture.SingleError("""{ "name": "p", "stages": [ { "id": "s", "use": "test.source" }, { "id": "t", "use": "test.transform", "in": { "items": "s.items" }, "with": { "mode": "warp" } } ] }""");
        error.JsonPath.Should().Be("$.stages[1].with.mode");
        error.Message.Should().Contain("one of fast|verySlow");
    }

    [Theory]
    [InlineData("VerySlow")]
    [InlineData("VERYSLOW")]
    [InlineData("veryslow")]
    [InlineData("Fast")]
    public void Enum_option_refuses_a_name_that_differs_from_the_json_name_only_in_case(string written)
    {
        // System.Text.Json's own enum converter reads names case-insensitively; the schema allows only the JSON names.
        var error = _fixture.SingleError($$"""
            {
              "name": "p",
              "stages": [
                { "id": "s", "use": "test.source" },
                { "id": "t", "use": "test.transform", "in": { "items": "s.items" }, "with": { "mode": "{{written}}" } }
              ]
            }
            """);

        error.JsonPath.Should().Be("$.stages[1].with.mode");
        error.Line.Should().Be(5);
        error.Message.Should().Contain("one of fast|verySlow").And.Contain($"\"{written}\"");
    }

    [Fact]
    public void Range_failure_is_reported_with_the_json_name()
    {
        var error = _fixture.SingleError("""
            {
              "name": "p",
              "stages": [
                { "id": "s", "use": "test.source" },
                { "id": "t", "use": "test.transform", "in": { "items": "s.items" },
                  "with": { "factor": 11 } }
              ]
            }
            """);

        error.JsonPath.Should().Be("$.stages[1].with.factor");
        error.Line.Should().Be(6);
        error.Message.Should().Contain("The field factor must be between 1 and 10.");
    }

    [Fact]
    public void Nested_option_validation_reports_the_nested_path()
    {
        var error = _fixture.SingleError("""
            {
              "name": "p",
              "stages": [
                { "id": "s", "use": "test.source" },
                { "id": "t", "use": "test.transform", "in": { "items": "s.items" },
                  "with": { "nested": { "threshold": 2.5, "points": 4 } } }
              ]
            }
            """);

        error.JsonPath.Should().Be("$.stages[1].with.nested.threshold");
        error.Line.Should().Be(6);
        error.Message.Should().Contain("The field threshold must be between 0 and 1.");
    }

    [Fact]
    public void Required_failure_is_reported()
    {
        var error = _fixture.SingleError("""
            {
              "name": "p",
              "stages": [
                { "id": "s", "use": "test.source" },
                { "id": "t", "use": "test.transform", "in": { "items": "s.items" }, "with": { "name": "" } }
              ]
            }
            """);

        error.JsonPath.Should().Be("$.stages[1].with.name");
        error.Message.Should().Contain("The name field is required.");
    }

    [Fact]
    public void Validatable_object_failure_is_reported_at_its_member()
    {
        var error = _fixture.SingleError("""
            {
              "name": "p",
              "stages": [
                { "id": "s", "use": "test.source" },
                { "id": "t", "use": "test.transform", "in": { "items": "s.items" }, "with": { "factor": 7 } }
              ]
            }
            """);

        error.JsonPath.Should().Be("$.stages[1].with.factor");
        error.Line.Should().Be(5);
        error.Message.Should().Contain("A factor of 7 is not allowed");
    }

    [Fact]
    public void Null_for_a_non_nullable_option_is_reported()
    {
        var error = _fixture.SingleError("""{ "name": "p", "stages": [ { "id": "s", "use": "test.source", "with": { "text": null } } ] }""");

        error.JsonPath.Should().StartWith("$.stages[0].with");
        error.Message.Should().Contain("text");
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var result = _fixture.Load("""
            {
              "name": "p",
              "sede": 3,
              "stages": [
                { "id": "s", "use": "test.source", "with": { "count": "x" } },
                { "id": "s", "use": "test.source" },
                { "id": "u", "use": "test.nope" },
                { "id": "t", "use": "test.transform", "in": { "items": "s.items", "bogus": "s.items" }, "with": { "factor": 0, "nam": "x" } },
                { "id": "m", "use": "test.transform" }
              ]
            }
            """);

        result.Plan.Should().BeNull();
        result.Errors.Select(e => (e.JsonPath, e.Line)).Should().BeEquivalentTo(new (string, int?)[]
        {
            ("$.sede", 3),
            ("$.stages[0].with.count", 5),
            ("$.stages[1].id", 6),
            ("$.stages[2].use", 7),
            ("$.stages[3].in.bogus", 8),
            ("$.stages[3].with.nam", 8),
            ("$.stages[3].with.factor", 8),
            ("$.stages[4]", 9),
        });
        result.Errors.Single(e => e.JsonPath == "$.sede").Message.Should().Contain("Did you mean 'seed'?");
    }

    [Fact]
    public void Top_level_values_of_the_wrong_type_are_reported()
    {
        var result = _fixture.Load("""
            {
              "name": "p",
              "seed": 1.5,
              "onBadItem": "ignore",
              "device": 3,
              "stages": []
            }
            """);

        result.Errors.Select(e => (e.JsonPath, e.Line)).Should().BeEquivalentTo(new (string, int?)[]
        {
            ("$.seed", 3),
            ("$.onBadItem", 4),
            ("$.device", 5),
        });
    }

    [Fact]
    public void Threads_is_a_whole_number_from_1_and_absent_means_the_available_cpus()
    {
        _fixture.Load("""{ "name": "p", "threads": 3, "stages": [] }""").Definition!.Threads.Should().Be(3);
        _fixture.Load("""{ "name": "p", "stages": [] }""").Definition!.Threads.Should().BeNull();
        foreach (var bad in new[] { "0", "-1", "1.5", "\"2\"", "1025" })
        {
            var error = _fixture.SingleError($$"""{ "name": "p", "threads": {{bad}}, "stages": [] }""");
            error.JsonPath.Should().Be("$.threads", bad);
            error.Message.Should().Contain("whole number from 1 to 1024");
        }
    }

    [Fact]
    public void Duplicate_json_properties_are_reported()
    {
        var error = _fixture.SingleError("""
            {
              "name": "p",
              "name": "q",
              "stages": []
            }
            """);

        error.JsonPath.Should().Be("$.name");
        error.Line.Should().Be(3);
        error.Message.Should().Contain("appears twice");
    }

    [Fact]
    public void Schema_taxonomy_and_comments_are_accepted_and_taxonomy_passes_through()
    {
        var result = _fixture.Load("""
            {
              // a comment
              "$schema": "https://example.org/pipeline.schema.json",
              "name": "p",
              "seed": 42,
              "onBadItem": "skip",
              "taxonomy": { "names": ["x", "y"], "ignore": 255 },
              "workspace": "out/ws",
              "stages": [ { "id": "s", "use": "test.source" }, ]
            }
            """);

        result.Errors.Should().BeEmpty();
        var definition = result.Plan!.Definition;
        definition.Seed.Should().Be(42);
        definition.OnBadItem.Should().Be(SeCo.Sdk.Stages.BadItemPolicy.Skip);
        definition.Taxonomy.GetProperty("ignore").GetInt32().Should().Be(255);
        definition.Workspace.Should().Be(Path.Combine(_fixture.Directory, "out", "ws"));
    }
}
