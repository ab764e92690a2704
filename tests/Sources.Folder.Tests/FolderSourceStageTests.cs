using SeCo.Plugins.Sources.Folder;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Sdk.IO;
using SeCo.Sdk.Stages;
using SeCo.Testing;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;

namespace Sources.Folder.Tests;

public sealed class FolderSourceStageTests : IDisposable
{
    private readonly TempDirectory _pipeline = new("seco-folder");

    public void Dispose() => _pipeline.Dispose();

    [Fact]
    public async Task Listed_images_and_labels_become_artifacts_pointing_into_the_root()
    {
        AddImage("img/a.png", 8, 4);
        AddLabel("lbl/a.png", 8, 4, 3);
        AddImage("img/b.jpg", 8, 4);
        AddLabel("lbl/b.png", 8, 4, 255);
        WriteList("a.txt", "img/a.png lbl/a.png\n\nimg/b.jpg lbl/b.png\n");

        var (images, labels) = await Run(new FolderSourceOptions { Root = "data", List = "a.txt" });

        images.Root.Should().Be(Path.Combine(_pipeline.Path, "data"));
        images.Items.Should().Equal(new ImageItem("img/a", "img/a.png"), new ImageItem("img/b", "img/b.jpg"));
        images.HasGroundTruth.Should().BeFalse();
        labels.Items.Should().Equal(new LabelItem("img/a", "lbl/a.png"), new LabelItem("img/b", "lbl/b.png"));
        Directory.Exists(Path.Combine(_pipeline.Path, "runs")).Should().BeFalse("the stage copies nothing");
    }

    [Fact]
    public async Task Third_column_gives_the_ground_truth()
    {
        AddImage("i.png", 5, 5);
        AddLabel("l.png", 5, 5, 1);
        AddLabel("g.png", 5, 5, 2);
        WriteList("list.txt", "i.png l.png g.png\r\n");

        var (images, labels) = await Run(new FolderSourceOptions { Root = "data", List = "list.txt" });

        images.Items.Single().GroundTruth.Should().Be("g.png");
        labels.ListFile.Should().BeNull("a three-column list is not in the reference format");
    }

    [Fact]
    public async Task Every_problem_of_the_list_is_reported_together_with_line_numbers()
    {
        AddImage("ok.png", 6, 4);
        AddLabel("ok_label.png", 6, 4, 0);
        AddImage("small.png", 3, 3);
        AddLabel("big_label.png", 6, 4, 0);
        AddImage("c.png", 6, 4);
        AddLabel("bad_values.png", 6, 4, 19);
        File.WriteAllBytes(Path.Combine(_pipeline.Path, "data", "rgb_label.png"), RgbImageIO.Encode(new RgbImage(6, 4), ".png"));
        AddImage("d.png", 6, 4);
        WriteList("list.txt", string.Join('\n',
            "ok.png ok_label.png",                  // 1 fine
            "missing.png ok_label.png",             // 2 missing image
            "small.png big_label.png",              // 3 size mismatch
            "c.png bad_values.png",                 // 4 value 19 outside cityscapes19
            "ok.png ok_label.png",                  // 5 duplicate id
            "../outside.png ok_label.png",          // 6 escapes the root
            "/etc/passwd ok_label.png",             // 7 absolute
            "d.png rgb_label.png",                  // 8 RGB label map
            "just_one_column.png"));                // 9 wrong column count

        var act = () => Run(new FolderSourceOptions { Root = "data", List = "list.txt" });

        var error = (await act.Should().ThrowAsync<SeCoInputException>()).Which;
        error.Location.File.Should().Be(Path.Combine(_pipeline.Path, "data", "list.txt"));
        error.Message.Should().StartWith("The list has 8 problems:");
        error.Message.Should().Contain("line 2: image 'missing.png'")
            .And.Contain("line 3: label 'big_label.png' is 6x4 but the image is 3x3")
            .And.Contain("line 4: label 'bad_values.png' has values 19")
            .And.Contain("line 5: image id 'ok' was already listed on line 1")
            .And.Contain("line 6: '../outside.png' leads outside the dataset root")
            .And.Contain("line 7: '/etc/passwd' is an absolute path")
            .And.Contain("line 8: label 'rgb_label.png'").And.Contain("RGB")
            .And.Contain("line 9 is not a list entry: it has 1 column(s)");
        error.Message.Should().NotContain("line 1:");
    }

    [Fact]
    public async Task Ground_truth_rule_that_does_not_apply_is_reported()
    {
        AddImage("x.png", 4, 4);
        AddLabel("y.png", 4, 4, 0);
        WriteList("list.txt", "x.png y.png\n");

        var act = () => Run(new FolderSourceOptions { Root = "data", List = "list.txt", GroundTruth = [["leftImg8bit", "gtFine"]] });

        (await act.Should().ThrowAsync<SeCoInputException>()).WithMessage("*line 1: the ground-truth rule*leftImg8bit*");
    }

    [Fact]
    public async Task Taxonomy_option_overrides_the_pipeline_taxonomy()
    {
        AddImage("x.png", 4, 4);
        AddLabel("y.png", 4, 4, 17);
        WriteList("list.txt", "x.png y.png\n");
        var context = TestStage.Context(_pipeline.Path, TestStage.Json("\"cityscapes19\""));
        var options = new FolderSourceOptions { Root = "data", List = "list.txt", Taxonomy = TestStage.Json("\"synthia16\"") };

        var act = () => new FolderSourceStage().RunAsync(context, options, StageInputs.Empty, CancellationToken.None);

        (await act.Should().ThrowAsync<SeCoInputException>()).WithMessage("*values 17*outside taxonomy synthia16*0 to 15*");
    }

    [Fact]
    public async Task Custom_pipeline_taxonomy_is_used()
    {
        AddImage("x.png", 4, 4);
        AddLabel("y.png", 4, 4, 1);
        WriteList("list.txt", "x.png y.png\n");
        var taxonomy = TestStage.Json("""{"name": "two", "classes": [{"name": "a", "color": [0,0,0]}, {"name": "b", "color": [9,9,9]}]}""");

        var outputs = await new FolderSourceStage().RunAsync(TestStage.Context(_pipeline.Path, taxonomy),
            new FolderSourceOptions { Root = "data", List = "list.txt" }, StageInputs.Empty, CancellationToken.None);

        ((LabelSet)outputs.Artifacts["labels"]).Taxonomy.Should().Be("two");
    }

    [Fact]
    public async Task Missing_root_and_missing_list_are_input_errors()
    {
        var noRoot = () => Run(new FolderSourceOptions { Root = "nowhere", List = "list.txt" });
        (await noRoot.Should().ThrowAsync<SeCoInputException>()).WithMessage("*root folder does not exist*");

        Directory.CreateDirectory(Path.Combine(_pipeline.Path, "data"));
        var noList = () => Run(new FolderSourceOptions { Root = "data", List = "list.txt" });
        (await noList.Should().ThrowAsync<SeCoInputException>()).WithMessage("*list file does not exist*");
    }

    [Fact]
    public void Fingerprint_changes_when_a_listed_file_or_the_list_changes()
    {
        AddImage("x.png", 4, 4);
        AddLabel("y.png", 4, 4, 1);
        WriteList("list.txt", "x.png y.png\n");
        var options = new FolderSourceOptions { Root = "data", List = "list.txt" };
        var stage = new FolderSourceStage();
        var before = stage.GetExternalFingerprint(options, _pipeline.Path);

        AddLabel("y.png", 4, 4, 2);
        File.SetLastWriteTimeUtc(Path.Combine(_pipeline.Path, "data", "y.png"), DateTime.UtcNow.AddMinutes(1));
        var afterLabel = stage.GetExternalFingerprint(options, _pipeline.Path);
        WriteList("list.txt", "x.png y.png\n\n");
        var afterList = stage.GetExternalFingerprint(options, _pipeline.Path);

        afterLabel.Should().NotBe(before);
        afterList.Should().NotBe(afterLabel);
        stage.GetExternalFingerprint(options, _pipeline.Path).Should().Be(afterList);
    }

    [Fact]
    public void Ground_truth_rules_must_be_pairs()
    {
        var options = new FolderSourceOptions { Root = "r", List = "l", GroundTruth = [["only-one"]] };

        var results = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        results.Should().ContainSingle().Which.ErrorMessage.Should().Contain("groundTruth[0]");
    }

    [Fact]
    public async Task Linked_folder_is_followed_inside_the_allowed_roots_and_refused_outside_them()
    {
        using var elsewhere = new TempDirectory("seco-folder-elsewhere");
        RgbImageIO.Write(Path.Combine(elsewhere.Path, "far.png"), new RgbImage(4, 4));
        AddImage("near/in.png", 4, 4);
        AddLabel("lbl.png", 4, 4, 0);
        Directory.CreateSymbolicLink(Path.Combine(_pipeline.Path, "data", "inside-link"), Path.Combine(_pipeline.Path, "data", "near"));
        Directory.CreateSymbolicLink(Path.Combine(_pipeline.Path, "data", "outside-link"), elsewhere.Path);
        WriteList("list.txt", "inside-link/in.png lbl.png\noutside-link/far.png lbl.png\n");
        var confined = new PathPolicy([_pipeline.Path]);

        var act = () => Run(new FolderSourceOptions { Root = "data", List = "list.txt" }, confined);

        var error = (await act.Should().ThrowAsync<SeCoInputException>()).Which;
        error.Message.Should().StartWith("The list has 1 problem:")
            .And.Contain("line 2: 'outside-link/far.png' resolves (through a symbolic link) outside the allowed folders");
    }

    [Fact]
    public async Task List_file_outside_the_allowed_roots_is_refused_before_it_is_read()
    {
        using var elsewhere = new TempDirectory("seco-folder-elsewhere");
        File.WriteAllText(Path.Combine(elsewhere.Path, "secret.txt"), "root:x:0:0:root:/root:/bin/bash\n");
        AddImage("a.png", 4, 4);

        var act = () => Run(new FolderSourceOptions { Root = "data", List = Path.Combine(elsewhere.Path, "secret.txt") }, new PathPolicy([_pipeline.Path]));

        var error = (await act.Should().ThrowAsync<SeCoInputException>()).Which;
        error.Message.Should().Contain("outside the allowed folders").And.NotContain("root:x");
    }

    private async Task<(ImageSet Images, LabelSet Labels)> Run(FolderSourceOptions options, PathPolicy? inputPaths = null)
    {
        var context = TestStage.Context(_pipeline.Path);
        if (inputPaths is not null)
        {
            context = new StageContext
            {
                StageId = context.StageId, OutputDirectory = context.OutputDirectory, PipelineDirectory = context.PipelineDirectory,
                Logger = context.Logger, Progress = context.Progress, Seed = context.Seed, Tensors = context.Tensors,
                Services = context.Services, Taxonomy = context.Taxonomy, InputPaths = inputPaths,
            };
        }

        var outputs = await new FolderSourceStage().RunAsync(context, options, StageInputs.Empty, CancellationToken.None);
        return ((ImageSet)outputs.Artifacts["images"], (LabelSet)outputs.Artifacts["labels"]);
    }

    private void AddImage(string relativePath, int width, int height) =>
        RgbImageIO.Write(Path.Combine(_pipeline.Path, "data", relativePath), new RgbImage(width, height));

    private void AddLabel(string relativePath, int width, int height, byte value)
    {
        var map = new LabelMap(width, height);
        map.Data.AsSpan().Fill(value);
        LabelMapIO.Write(Path.Combine(_pipeline.Path, "data", relativePath), map, Palette.SeCoCityscapes);
    }

    private void WriteList(string name, string content)
    {
        Directory.CreateDirectory(Path.Combine(_pipeline.Path, "data"));
        File.WriteAllText(Path.Combine(_pipeline.Path, "data", name), content);
    }
}
