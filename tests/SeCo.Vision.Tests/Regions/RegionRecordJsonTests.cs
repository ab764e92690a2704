using SeCo.Sdk.Errors;
using SeCo.Testing;
using SeCo.Vision.Regions;
using SeCo.Vision.Rle;

namespace SeCo.Vision.Tests.Regions;

public sealed class RegionRecordJsonTests
{
    private static RegionRecord Record(TrueLabel? trueLabel = null) => new()
    {
        Segmentation = new CocoRle(2, 3, [1, 2, 3]),
        Bbox = new RegionBox(0, 0, 2, 2),
        Area = 2,
        CategoryId = 13,
        Id = 0,
        TrueLabel = trueLabel,
    };

    [Fact]
    public void Records_are_written_like_python_json_dump_with_indent_2()
    {
        var json = RegionRecordJson.Serialize([Record(new TrueLabel(13, 87.5, true))]);

        json.Should().Be("""
            [
              {
                "segmentation": {
                  "size": [
                    2,
                    3
                  ],
                  "counts": "123"
                },
                "bbox": [
                  0,
                  0,
                  2,
                  2
                ],
                "area": 2,
                "category_id": 13,
                "id": 0,
                "true_label": {
                  "id": 13,
                  "purity": 87.5,
                  "positive": 1
                }
              }
            ]
            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void An_image_without_regions_is_an_empty_list()
    {
        RegionRecordJson.Serialize([]).Should().Be("[]");
        RegionRecordJson.Parse("[]").Should().BeEmpty();
    }

    [Fact]
    public void Null_fields_are_omitted_and_corrected_records_use_the_converted_key_order()
    {
        var plain = RegionRecordJson.Serialize([Record()]);
        var corrected = RegionRecordJson.Serialize([Record() with { Loss = 0.5, Score = 0.25, GlobalLossThreshold = 1e-05 }]);

        plain.Should().NotContain("true_label").And.NotContain("loss");
        corrected.Should().Contain("\"loss\": 0.5,\n    \"score\": 0.25,\n    \"segmentation\"")
            .And.Contain("\"id\": 0,\n    \"category_id\": 13")
            .And.Contain("\"global_loss_threshold\": 1e-05\n  }")
            .And.NotContain("score_threshold\": ");
    }

    [Fact]
    public void Backslashes_in_counts_are_escaped_and_read_back()
    {
        // counts [307300, 100] compress to a string with a backslash ("TS\\9...").
        var record = Record() with { Segmentation = new CocoRle(1024, 2048, [307300, 100, 1689752]) };

        var json = RegionRecordJson.Serialize([record]);

        json.Should().Contain("\"counts\": \"TS\\\\");
        RegionRecordJson.Parse(json).Single().Segmentation.Should().Be(record.Segmentation);
    }

    [Fact]
    public void Reader_accepts_any_key_order_uncompressed_counts_and_unknown_keys()
    {
        const string json = """
            [{"id": 4, "category_id": 2, "name": "x", "area": 3,
              "true_label": {"positive": true, "purity": 50, "id": 2},
              "segmentation": {"counts": [1, 3], "size": [2, 2]}}]
            """;

        var record = RegionRecordJson.Parse(json).Single();

        record.Segmentation.Should().Be(new CocoRle(2, 2, [1, 3]));
        record.Bbox.Should().Be(new RegionBox(0, 0, 2, 2), "a missing bbox is recomputed with toBbox");
        record.TrueLabel.Should().Be(new TrueLabel(2, 50.0, true));
        (record.Id, record.CategoryId, record.Area).Should().Be((4, 2, 3L));
        record.IsCorrected.Should().BeFalse();
    }

    [Fact]
    public void Reader_names_the_file_and_json_path_of_a_bad_record()
    {
        using var temp = new TempDirectory();
        var path = temp.File("bad.json");
        File.WriteAllText(path, """[{"segmentation": {"size": [2, 2], "counts": "01"}, "category_id": "road"}]""");

        var act = () => RegionRecordJson.Read(path);

        act.Should().Throw<SeCoInputException>()
            .Where(e => e.Location.File == path && e.Location.JsonPath == "$[0].category_id")
            .WithMessage("*integer*");
    }

    [Fact]
    public void Reader_reports_invalid_json_and_non_lists_as_input_errors()
    {
        var notJson = () => RegionRecordJson.Parse("[{", "a.json");
        var notList = () => RegionRecordJson.Parse("{}", "b.json");

        notJson.Should().Throw<SeCoInputException>().Where(e => e.Location.File == "a.json");
        notList.Should().Throw<SeCoInputException>().WithMessage("*list of region records*");
    }

    [Fact]
    public void Reader_reports_a_list_inside_uncompressed_counts_as_an_input_error()
    {
        // Found by the fuzz harness (CsCheck seed 1OMqaUn9lmz1): a nested list where a run length belongs threw
        // InvalidOperationException from System.Text.Json instead of a located error.
        const string json = "[{\"segmentation\": {\"size\": [3, 4], \"counts\": [[0, 0, 2, 3],1, 3, 2, 6]}, \"bbox\": [0, 0, 2, 3], \"area\": 3, \"id\": 0, \"category_id\": 1}]";

        var parse = () => RegionRecordJson.Parse(json, "r.json");

        parse.Should().Throw<SeCoInputException>().WithMessage("*non-negative integers*").Where(e => e.Location.File == "r.json");
    }

    [Fact]
    public void Written_files_read_back_to_equal_records()
    {
        using var temp = new TempDirectory();
        var path = temp.File("regions.json");
        var records = new[] { Record(new TrueLabel(255, 33.33, false)), Record() with { Id = 1, Loss = 2.0, Score = 0.1 } };

        RegionRecordJson.Write(path, records);

        RegionRecordJson.Read(path).Should().Equal(records);
    }

    [Fact]
    public void Scc_ld_fields_follow_the_thresholds_and_read_back()
    {
        var record = Record() with { Loss = 0.5, Score = 0.97, GlobalLossThreshold = 0.25, NoiseProbability = 0.75, NoiseThreshold = 0.6, CorrectionThreshold = 0.95 };

        var json = RegionRecordJson.Serialize([record]);

        json.Should().Contain("\"global_loss_threshold\": 0.25,\n    \"noise_probability\": 0.75,\n    \"noise_threshold\": 0.6,\n    \"correction_threshold\": 0.95\n  }");
        RegionRecordJson.Parse(json).Single().Should().Be(record);
        (Record() with { NoiseProbability = 0.1 }).IsCorrected.Should().BeTrue();
    }
}
