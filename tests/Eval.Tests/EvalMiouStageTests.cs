using System.Text.Json;
using Microsoft.Extensions.Logging;
using SeCo.Plugins.Eval;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Sdk.Stages;
using SeCo.Testing;
using SeCo.Vision.LabelMaps;

namespace Eval.Tests;

public sealed class EvalMiouStageTests : IDisposable
{
    private const double Exact = 1e-9;

    private readonly TempDirectory _temp = new("seco-eval");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Hand_checked_example_is_written_to_metrics_json_and_logged()
    {
        // GT 0 0 1 1 / pred 0 1 1 255 in a 3-class taxonomy:
        // class 0: TP 1, union 2 -> 50; class 1: TP 1, GT 2 (one unlabelled), predicted 2 -> union 3 -> 33.33;
        // class 2 absent -> null, left out of the mean. Labelled: class 1 union 2 -> 50.
        AddPair("a", gt: [0, 0, 1, 1], pred: [0, 1, 1, 255], width: 4, height: 1);
        var logger = new RecordingLogger();
        var progress = new RecordingProgress();

        var report = await Run(Inputs("a"), new EvalMiouOptions { Taxonomy = Json("""{"name": "abc", "classes": [{"name": "a", "color": [1,1,1]}, {"name": "b", "color": [2,2,2]}, {"name": "c", "color": [3,3,3]}]}""") },
            TestStage.Context(_temp.Path, logger: logger, progress: progress));

        report.Files.Should().Equal("metrics.json");
        using var metrics = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(report.Root, "metrics.json")));
        var root = metrics.RootElement;
        root.GetProperty("taxonomy").GetString().Should().Be("abc");
        root.GetProperty("mIoU").GetDouble().Should().BeApproximately((50 + 100.0 / 3) / 2, Exact);
        root.GetProperty("pixelAccuracy").GetDouble().Should().BeApproximately(50, Exact);
        root.GetProperty("labelledMIoU").GetDouble().Should().BeApproximately(50, Exact);
        root.GetProperty("labelledPixelAccuracy").GetDouble().Should().BeApproximately(200.0 / 3, Exact);
        root.GetProperty("coverage").GetDouble().Should().BeApproximately(75, Exact);
        var classes = root.GetProperty("classes").EnumerateArray().ToArray();
        classes[1].GetProperty("name").GetString().Should().Be("b");
        classes[1].GetProperty("iou").GetDouble().Should().BeApproximately(100.0 / 3, Exact);
        classes[1].GetProperty("groundTruthPixels").GetInt64().Should().Be(2);
        classes[1].GetProperty("predictedPixels").GetInt64().Should().Be(2);
        classes[2].GetProperty("iou").ValueKind.Should().Be(JsonValueKind.Null);
        report.Metrics["mIoU"].Should().BeApproximately((50 + 100.0 / 3) / 2, Exact);
        logger.Messages.Should().Contain(m => m.Level == LogLevel.Information && m.Message.StartsWith("b ") && m.Message.Contains("33.33"), "the table is logged one row per message");
        logger.Messages.Should().Contain(m => m.Level == LogLevel.Information && m.Message.StartsWith("mIoU") && m.Message.Contains("41.67"));
        progress.Done.Should().Be(1);
        Directory.GetFiles(report.Root).Should().NotContain(f => f.Contains(".tmp-"));
    }

    [Fact]
    public async Task Several_images_accumulate_counts_not_per_image_scores()
    {
        AddPair("a", gt: [0, 0], pred: [0, 0], width: 2, height: 1);
        AddPair("b", gt: [0, 1, 1, 1, 1, 1], pred: [1, 1, 1, 1, 1, 1], width: 3, height: 2);

        var report = await Run(Inputs("a", "b"), new EvalMiouOptions());

        // class 0: TP 2, GT 3 -> 2/3; class 1: TP 5, GT 5, predicted 6 -> 5/6. Mean of per-image mIoUs would differ.
        report.Metrics["mIoU"].Should().BeApproximately((200.0 / 3 + 500.0 / 6) / 2, Exact);
        report.Metrics["images"].Should().Be(2);
    }

    [Fact]
    public async Task Metrics_json_names_the_scored_label_set_the_ground_truth_source_and_the_class_colours()
    {
        AddPair("a", gt: [0, 1], pred: [0, 1], width: 2, height: 1);

        var report = await Run(Inputs("a"), new EvalMiouOptions());

        using var metrics = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(report.Root, "metrics.json")));
        var inputs = metrics.RootElement.GetProperty("inputs");
        inputs.GetProperty("labels").GetProperty("root").GetString().Should().Be(Path.GetFullPath(_temp.Path));
        inputs.GetProperty("labels").GetProperty("items").GetInt32().Should().Be(1);
        inputs.GetProperty("groundTruth").GetProperty("from").GetString().Should().Be("images");
        inputs.GetProperty("groundTruth").GetProperty("root").GetString().Should().Be(Path.GetFullPath(_temp.Path));
        var road = metrics.RootElement.GetProperty("classes")[0];
        road.GetProperty("name").GetString().Should().Be("road");
        road.GetProperty("color").EnumerateArray().Select(v => v.GetInt32()).Should().Equal(128, 64, 128);
    }

    [Fact]
    public async Task Label_map_of_another_size_than_its_ground_truth_is_an_input_error_naming_the_image()
    {
        AddPair("a", gt: [0, 1, 2, 3], pred: [0, 1], width: 4, height: 1, predWidth: 2);

        var act = () => Run(Inputs("a"), new EvalMiouOptions());

        var error = (await act.Should().ThrowAsync<SeCoInputException>()).Which;
        error.Location.Item.Should().Be("a");
        error.Message.Should().Contain("2x1").And.Contain("4x1").And.Contain("resizeToGroundTruth");
    }

    [Fact]
    public async Task Resize_option_scales_the_label_map_to_the_ground_truth_by_nearest_neighbour()
    {
        AddPair("a", gt: [0, 0, 1, 1], pred: [0, 1], width: 4, height: 1, predWidth: 2);

        var report = await Run(Inputs("a"), new EvalMiouOptions { ResizeToGroundTruth = true });

        report.Metrics["mIoU"].Should().Be(100);
    }

    [Fact]
    public async Task Bad_items_are_skipped_and_listed_when_the_run_policy_says_so()
    {
        AddPair("a", gt: [0, 1], pred: [0, 1], width: 2, height: 1);
        AddPair("b", gt: [0, 1, 2, 3], pred: [0, 1], width: 4, height: 1, predWidth: 2);
        var logger = new RecordingLogger();

        var report = await Run(Inputs("a", "b"), new EvalMiouOptions(), TestStage.Context(_temp.Path, logger: logger, onBadItem: BadItemPolicy.Skip));

        report.Metrics["images"].Should().Be(1);
        using var metrics = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(report.Root, "metrics.json")));
        metrics.RootElement.GetProperty("skipped")[0].GetProperty("id").GetString().Should().Be("b");
        logger.Messages.Should().Contain(m => m.Level == LogLevel.Warning && m.Message.Contains("b"));
    }

    [Fact]
    public async Task Ground_truth_values_outside_the_taxonomy_are_an_input_error()
    {
        AddPair("a", gt: [0, 40], pred: [0, 1], width: 2, height: 1);

        var act = () => Run(Inputs("a"), new EvalMiouOptions());

        (await act.Should().ThrowAsync<SeCoInputException>()).WithMessage("*1 pixels*neither a class id of cityscapes19*");
    }

    [Fact]
    public async Task Images_without_ground_truth_or_label_are_refused_up_front()
    {
        AddPair("a", gt: [0], pred: [0], width: 1, height: 1);
        var noGroundTruth = new ImageSet(_temp.Path, [new ImageItem("a", "img/a.png")]);
        var labels = new LabelSet(_temp.Path, [new LabelItem("a", "pred/a.png")]);

        var act = () => Run(new StageInputs(new Dictionary<string, Artifact> { ["images"] = noGroundTruth, ["labels"] = labels }), new EvalMiouOptions());
        (await act.Should().ThrowAsync<SeCoInputException>()).WithMessage("*no ground truth*");

        var images = new ImageSet(_temp.Path, [new ImageItem("a", "img/a.png", "gt/a.png"), new ImageItem("z", "img/z.png", "gt/z.png")]);
        var missingLabel = () => Run(new StageInputs(new Dictionary<string, Artifact> { ["images"] = images, ["labels"] = labels }), new EvalMiouOptions());
        (await missingLabel.Should().ThrowAsync<SeCoInputException>()).WithMessage("*1 image(s) have no label map*z*");
    }

    [Fact]
    public async Task Image_whose_label_an_earlier_stage_skipped_is_skipped_too_under_the_skip_policy()
    {
        AddPair("a", gt: [0, 1], pred: [0, 1], width: 2, height: 1);
        AddPair("z", gt: [0, 1], pred: [0, 1], width: 2, height: 1);
        var images = new ImageSet(_temp.Path, [new ImageItem("a", "img/a.png", "gt/a.png"), new ImageItem("z", "img/z.png", "gt/z.png")]);
        var labels = new LabelSet(_temp.Path, [new LabelItem("a", "pred/a.png")]);

        var report = await Run(new StageInputs(new Dictionary<string, Artifact> { ["images"] = images, ["labels"] = labels }), new EvalMiouOptions(),
            TestStage.Context(_temp.Path, onBadItem: BadItemPolicy.Skip));

        report.Metrics["images"].Should().Be(1);
        using var metrics = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(report.Root, "metrics.json")));
        metrics.RootElement.GetProperty("skipped")[0].GetProperty("id").GetString().Should().Be("z");
    }

    [Fact]
    public async Task Cancellation_stops_the_loop()
    {
        AddPair("a", gt: [0], pred: [0], width: 1, height: 1);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var act = () => new EvalMiouStage().RunAsync(TestStage.Context(_temp.Path), new EvalMiouOptions(), Inputs("a"), cancelled.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task Ground_truth_from_the_ground_truth_port_and_the_declared_name_and_scores_reach_metrics_json()
    {
        AddPair("a", gt: [0, 1, 1, 1], pred: [0, 1, 0, 1], width: 4, height: 1);
        var images = new ImageSet(_temp.Path, [new ImageItem("a", "img/a.png")]);
        var labels = new LabelSet(_temp.Path, [new LabelItem("a", "pred/a.png")]);
        var truth = new LabelSet(_temp.Path, [new LabelItem("a", "gt/a.png")]);
        var inputs = new StageInputs(new Dictionary<string, Artifact> { ["images"] = images, ["labels"] = labels, ["groundTruth"] = truth });

        var report = await Run(inputs, new EvalMiouOptions { Name = "adapted", Scores = ScoredLabels.Predictions });

        // class 0: TP 1, union 2 -> 50; class 1: TP 2, union 3 -> 66.67.
        report.Metrics["mIoU"].Should().BeApproximately((50 + 200.0 / 3) / 2, Exact);
        using var metrics = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(report.Root, "metrics.json")));
        metrics.RootElement.GetProperty("name").GetString().Should().Be("adapted");
        metrics.RootElement.GetProperty("scores").GetString().Should().Be("predictions");
        metrics.RootElement.GetProperty("inputs").GetProperty("groundTruth").GetProperty("from").GetString().Should().Be("groundTruth");
    }

    [Fact]
    public async Task An_image_missing_from_the_ground_truth_port_is_a_located_error()
    {
        AddPair("a", gt: [0], pred: [0], width: 1, height: 1);
        var images = new ImageSet(_temp.Path, [new ImageItem("a", "img/a.png"), new ImageItem("b", "img/b.png")]);
        var labels = new LabelSet(_temp.Path, [new LabelItem("a", "pred/a.png"), new LabelItem("b", "pred/b.png")]);
        var truth = new LabelSet(_temp.Path, [new LabelItem("a", "gt/a.png")]);
        var inputs = new StageInputs(new Dictionary<string, Artifact> { ["images"] = images, ["labels"] = labels, ["groundTruth"] = truth });

        var act = () => Run(inputs, new EvalMiouOptions());

        (await act.Should().ThrowAsync<SeCoInputException>()).Which.Message.Should().Contain("groundTruth").And.Contain("b");
    }

    private async Task<Report> Run(StageInputs inputs, EvalMiouOptions options, StageContext? context = null)
    {
        var outputs = await new EvalMiouStage().RunAsync(context ?? TestStage.Context(_temp.Path), options, inputs, CancellationToken.None);
        return (Report)outputs.Artifacts["report"];
    }

    private StageInputs Inputs(params string[] ids)
    {
        var images = new ImageSet(_temp.Path, ids.Select(id => new ImageItem(id, $"img/{id}.png", $"gt/{id}.png")).ToArray());
        var labels = new LabelSet(_temp.Path, ids.Select(id => new LabelItem(id, $"pred/{id}.png")).ToArray());
        return new StageInputs(new Dictionary<string, Artifact> { ["images"] = images, ["labels"] = labels });
    }

    private void AddPair(string id, byte[] gt, byte[] pred, int width, int height, int? predWidth = null)
    {
        LabelMapIO.Write(Path.Combine(_temp.Path, "gt", $"{id}.png"), new LabelMap(width, height, gt));
        LabelMapIO.Write(Path.Combine(_temp.Path, "pred", $"{id}.png"), new LabelMap(predWidth ?? width, height, pred), Palette.SeCoCityscapes);
    }

    private static JsonElement Json(string json) => TestStage.Json(json);
}
