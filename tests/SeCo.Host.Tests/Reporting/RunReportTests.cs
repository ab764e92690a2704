using System.Text.Json;
using SeCo.Host.Running;
using SeCo.Plugins.HtmlReport;
using SeCo.Sdk.Errors;
using SeCo.Testing;
using SeCo.Vision.Imaging;

namespace SeCo.Host.Tests.Reporting;

public sealed class RunReportTests : IDisposable
{
    private readonly RunFolderFixture _run = new();

    public void Dispose() => _run.Dispose();

    [Fact]
    public void Every_label_set_is_a_column_in_pipeline_order_and_the_ground_truth_comes_from_the_evaluated_images()
    {
        var model = ReportModelBuilder.Build(RunFolderReader.Read(_run.Directory));

        model.Columns.Select(c => c.Key).Should().Equal("source.labels", "psa.labels", "scc.labels", "adapt.labels");
        model.Columns.Single(c => c.Stage.Id == "scc").Regions.Should().NotBeNull("scc's regions outline its column");
        model.Columns.Where(c => c.Stage.Id != "scc").Should().OnlyContain(c => c.Regions == null);
        model.GroundTruthSource.Should().Be("source.images");
        model.GroundTruth!.Items.Select(i => i.Id).Should().Equal(_run.ImageIds);
        model.Images!.Items.Should().HaveCount(_run.ImageIds.Count);
        model.Notes.Should().BeEmpty();
    }

    [Fact]
    public void Each_metrics_json_is_a_row_of_the_label_set_wired_into_its_eval()
    {
        var model = ReportModelBuilder.Build(RunFolderReader.Read(_run.Directory));

        model.Rows.Select(r => (r.Labels, r.Metrics.EvaluatedBy)).Should().Equal(
            ("source.labels", "eval"), ("psa.labels", "eval_psa"), ("scc.labels", "eval_scc"), ("adapt.labels", "eval_adapt"));
        model.Rows.Should().OnlyContain(r => r.Column != null && r.Column.Key == r.Labels);
        model.Classes.Select(c => c.Name).Should().Equal("road", "building", "sky");
    }

    [Fact]
    public void The_headline_tables_come_from_what_the_evaluation_stages_declare_not_from_stage_ids()
    {
        Declare("eval_adapt", "predictions", "adapted model");
        Declare("eval_psa", "pseudoLabels", "PSA labels");
        Declare("eval_scc", "pseudoLabels", "SCC labels");

        var html = ReportHtml.Load(TestReport.Write(_run.Directory, new RunReportOptions()));

        var predictions = html.Text[html.Text.IndexOf("data-scores=\"predictions\"", StringComparison.Ordinal)..];
        predictions = predictions[..predictions.IndexOf("</table>", StringComparison.Ordinal)];
        predictions.Should().Contain("adapted model").And.NotContain("PSA labels");
        var labels = html.Text[html.Text.IndexOf("data-scores=\"pseudoLabels\"", StringComparison.Ordinal)..];
        labels = labels[..labels.IndexOf("</table>", StringComparison.Ordinal)];
        labels.IndexOf("PSA labels", StringComparison.Ordinal).Should().BeLessThan(labels.IndexOf("SCC labels", StringComparison.Ordinal));
        labels.Should().NotContain("adapted model").And.NotContain("source.labels", "an undeclared row stays out of the headline");
        var rows = html.DataBlock().RootElement.GetProperty("rows").EnumerateArray().ToList();
        rows.Single(r => r.GetProperty("evaluatedBy").GetString() == "eval_adapt").GetProperty("name").GetString().Should().Be("adapted model");
    }

    private void Declare(string evalId, string scores, string name)
    {
        var path = _run.MetricsFiles[evalId];
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        node["scores"] = scores;
        node["name"] = name;
        File.WriteAllText(path, node.ToJsonString());
    }

    [Fact]
    public void Without_recorded_wiring_rows_are_matched_by_the_label_set_root_metrics_json_records()
    {
        using var old = new RunFolderFixture(imageCount: 2, recordInputs: false);

        var model = ReportModelBuilder.Build(RunFolderReader.Read(old.Directory));

        model.Rows.Select(r => r.Labels).Should().Equal("source.labels", "psa.labels", "scc.labels", "adapt.labels");
        model.GroundTruthSource.Should().Be("source.images", "the first image set with ground truth is used");
    }

    [Fact]
    public void A_label_set_wired_into_an_eval_as_ground_truth_is_the_ground_truth_column_not_a_label_set_column()
    {
        var runJson = Path.Combine(_run.Directory, "run.json");
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(runJson))!;
        var eval = node["stages"]!.AsArray().Single(s => (string?)s!["id"] == "eval")!;
        eval["inputs"]!["groundTruth"] = "adapt.labels";
        File.WriteAllText(runJson, node.ToJsonString());

        var model = ReportModelBuilder.Build(RunFolderReader.Read(_run.Directory));

        model.GroundTruthSource.Should().Be("adapt.labels");
        model.Columns.Select(c => c.Key).Should().Equal("source.labels", "psa.labels", "scc.labels");
        model.GroundTruth!.Root.Should().Be(model.Run.Find("adapt")!.Outputs["labels"] is SeCo.Sdk.Artifacts.LabelSet adapt ? adapt.Root : null);
    }

    [Fact]
    public void Numbers_in_the_html_equal_every_metrics_json()
    {
        var path = TestReport.Write(_run.Directory, new RunReportOptions());

        path.Should().Be(Path.Combine(_run.Directory, RunReport.FileName));
        var html = ReportHtml.Load(path);
        var labelsByEval = new Dictionary<string, string> { ["eval"] = "source.labels", ["eval_psa"] = "psa.labels", ["eval_scc"] = "scc.labels", ["eval_adapt"] = "adapt.labels" };
        foreach (var (eval, labels) in labelsByEval)
        {
            MetricsJson.ShouldEqualReport(_run.MetricsFiles[eval], labels, html);
        }

        html.ClassCells()[(2, "psa.labels")].Shown.Should().Be("–", "a null IoU is shown as a dash");
        html.SummaryCells().Should().HaveCount(4 * 7, "six metrics and the mIoU change per row");
    }

    [Fact]
    public void Data_block_repeats_every_metrics_json_value()
    {
        var html = ReportHtml.Load(TestReport.Write(_run.Directory, new RunReportOptions()));

        using var data = html.DataBlock();
        var rows = data.RootElement.GetProperty("rows").EnumerateArray().ToList();
        rows.Should().HaveCount(4);
        foreach (var row in rows)
        {
            using var metrics = JsonDocument.Parse(File.ReadAllBytes(row.GetProperty("metricsFile").GetString()!));
            foreach (var key in MetricsJson.SummaryKeys)
            {
                MetricsJson.Value(row, key).Should().Be(MetricsJson.Value(metrics.RootElement, key), key);
            }

            var classes = metrics.RootElement.GetProperty("classes").EnumerateArray().ToList();
            var shown = row.GetProperty("classes").EnumerateArray().ToList();
            shown.Select(c => MetricsJson.Value(c, "iou")).Should().Equal(classes.Select(c => MetricsJson.Value(c, "iou")));
            shown.Select(c => MetricsJson.Value(c, "labelledIoU")).Should().Equal(classes.Select(c => MetricsJson.Value(c, "labelledIoU")));
        }

        data.RootElement.GetProperty("columns").EnumerateArray().Select(c => c.GetString()).Should().Equal("source.labels", "psa.labels", "scc.labels", "adapt.labels");
    }

    [Fact]
    public void Report_is_self_contained_with_png_panels_no_wider_than_the_thumbnail_width()
    {
        var options = new RunReportOptions { Samples = 3, ThumbnailWidth = 48 };

        var html = ReportHtml.Load(TestReport.Write(_run.Directory, options));

        html.Text.Should().NotContainAny("http://", "https://", "src=\"file:", "<link ", "@import");
        html.Text.Should().Contain("<svg", "charts are inline SVG");
        var sources = html.ImageSources();
        // Per sample: image, four label sets, ground truth, error map.
        sources.Should().HaveCount(3 * 7);
        foreach (var source in sources)
        {
            source.Should().StartWith("data:image/png;base64,");
            var png = RgbImageIO.Decode(Convert.FromBase64String(source["data:image/png;base64,".Length..]), "panel");
            png.Width.Should().Be(48);
            png.Height.Should().Be(24);
        }
    }

    [Fact]
    public void Samples_are_spread_over_the_images_and_the_option_limits_them()
    {
        var html = ReportHtml.Load(TestReport.Write(_run.Directory, new RunReportOptions { Samples = 2 }));

        html.SampleIds().Should().Equal(_run.ImageIds[0], _run.ImageIds[2]);
        ReportHtml.Load(TestReport.Write(_run.Directory, new RunReportOptions { Samples = 0 })).ImageSources().Should().BeEmpty();
        ReportHtml.Load(TestReport.Write(_run.Directory, new RunReportOptions { Samples = 50 })).SampleIds().Should().Equal(_run.ImageIds);
    }

    [Fact]
    public void Scc_column_counts_kept_and_dropped_regions_as_its_label_map_decides()
    {
        var html = ReportHtml.Load(TestReport.Write(_run.Directory, new RunReportOptions { Samples = 50 }));

        var captions = html.Captions().Where(c => c.StartsWith("scc.labels", StringComparison.Ordinal)).ToList();
        captions.Should().HaveCount(_run.ImageIds.Count);
        for (var i = 0; i < _run.ImageIds.Count; i++)
        {
            var id = _run.ImageIds[i];
            var kept = _run.KeptRegions.GetValueOrDefault(id);
            var dropped = _run.DroppedRegions.GetValueOrDefault(id);
            dropped.Should().BeGreaterThan(0, "the fixture's noisy square is dropped");
            captions[i].Should().EndWith($"{kept + dropped} regions: {kept} kept, {dropped} dropped");
        }
    }

    [Fact]
    public void An_unreadable_label_map_gives_a_panel_that_says_why_and_the_rest_of_the_report()
    {
        var model = ReportModelBuilder.Build(RunFolderReader.Read(_run.Directory));
        var broken = model.Columns.Single(c => c.Key == "psa.labels").Labels;
        File.WriteAllText(broken.LabelPath(broken.Items[0]), "not a png");

        var html = ReportHtml.Load(TestReport.Write(_run.Directory, new RunReportOptions { Samples = 1 }));

        html.Captions().Should().Contain(c => c.StartsWith("psa.labels", StringComparison.Ordinal) && c.Contains("PNG"));
        html.ImageSources().Should().HaveCount(6, "every other panel of the sample is drawn");
        html.SummaryCells().Should().HaveCount(4 * 7, "six metrics and the mIoU change per row");
    }

    [Fact]
    public void A_temp_file_left_by_a_killed_report_write_is_removed_by_the_next_report()
    {
        var leftover = Path.Combine(_run.Directory, $"report{SeCo.Sdk.IO.AtomicFile.TempMarker}123-abc.html");
        File.WriteAllText(leftover, "<html>half");

        TestReport.Write(_run.Directory, new RunReportOptions { Samples = 1 });

        File.Exists(leftover).Should().BeFalse();
        File.Exists(Path.Combine(_run.Directory, RunReport.FileName)).Should().BeTrue();
    }

    [Fact]
    public void A_folder_without_run_json_is_an_input_error_that_says_what_was_expected()
    {
        using var empty = new TempDirectory();

        var act = () => TestReport.Write(empty.Path, new RunReportOptions());

        act.Should().Throw<SeCoInputException>().WithMessage("*run.json*expected a run folder*");
    }

    [Fact]
    public void Out_option_writes_the_report_elsewhere_atomically()
    {
        using var target = new TempDirectory();
        var output = target.File("nested", "r.html");

        var path = TestReport.Write(_run.Directory, new RunReportOptions { OutputPath = output, Samples = 1 });

        path.Should().Be(output);
        File.Exists(Path.Combine(_run.Directory, RunReport.FileName)).Should().BeFalse();
        Directory.GetFiles(target.File("nested")).Should().Equal(output);
    }
}
