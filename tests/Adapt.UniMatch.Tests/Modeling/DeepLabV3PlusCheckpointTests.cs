using SeCo.Plugins.Adapt.UniMatch.Modeling;
using SeCo.Sdk.Errors;
using SeCo.Testing;
using SeCo.Vision.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Adapt.UniMatch.Tests.Modeling;

public sealed class DeepLabV3PlusCheckpointTests
{
    [Fact]
    public void Data_parallel_state_dict_loads_after_removing_the_module_prefix()
    {
        using var scope = NewDisposeScope();
        using var directory = new TempDirectory();
        using var source = DeepLabV3PlusTests.CreateTiny(seed: 1);
        using var target = DeepLabV3PlusTests.CreateTiny(seed: 2);
        var path = Path.Combine(directory.Path, "latest.pth");
        Pth.Save(path, source.state_dict().ToDictionary(e => "module." + e.Key, e => e.Value));

        DeepLabV3PlusCheckpoint.LoadUniMatch(target, path);

        foreach (var (key, value) in source.state_dict())
        {
            target.state_dict()[key].IsIdenticalTo(value).Should().BeTrue(key);
        }
    }

    [Fact]
    public void A_checkpoint_of_another_network_is_refused_with_every_mismatch_named()
    {
        using var model = DeepLabV3PlusTests.CreateTiny(seed: 1);
        var path = GoldenData.PathOf("checkpoints", "unimatch_style.pth");

        var load = () => DeepLabV3PlusCheckpoint.LoadUniMatch(model, path);

        // The file is a UniMatch-style {'model', 'optimizer', 'epoch', 'previous_best'} dict of a small conv net.
        load.Should().Throw<SeCoInputException>().WithMessage("*missing keys*backbone.conv1.0.weight*unexpected keys*conv.weight*")
            .Which.Location.File.Should().Be(path);
    }

    [Fact]
    public void A_class_count_mismatch_names_the_classifier()
    {
        using var scope = NewDisposeScope();
        using var directory = new TempDirectory();
        using var source = DeepLabV3PlusTests.CreateTiny(seed: 1);
        using var target = DeepLabV3PlusTests.CreateTiny(seed: 1, classes: 16);
        var path = Path.Combine(directory.Path, "best.pth");
        Pth.Save(path, source.state_dict());

        var load = () => DeepLabV3PlusCheckpoint.LoadUniMatch(target, path);

        load.Should().Throw<SeCoInputException>().WithMessage("*classifier.weight: module [16, 32, 1, 1], checkpoint [5, 32, 1, 1]*");
    }

    [Fact]
    public void Missing_checkpoint_file_is_an_input_error_that_says_nothing_is_downloaded()
    {
        using var model = DeepLabV3PlusTests.CreateTiny(seed: 1);

        var load = () => DeepLabV3PlusCheckpoint.LoadPretrainedBackbone(model.Backbone, "/nonexistent/pretrained/resnet101.pth");

        load.Should().Throw<SeCoInputException>().WithMessage("*does not exist*resnet101.pth*never downloaded*")
            .Which.Location.File.Should().Be("/nonexistent/pretrained/resnet101.pth");
    }

    [Fact]
    public void Pretrained_backbone_loads_and_reports_extra_imagenet_entries()
    {
        using var scope = NewDisposeScope();
        using var directory = new TempDirectory();
        using var source = DeepLabV3PlusTests.CreateTiny(seed: 1);
        using var target = DeepLabV3PlusTests.CreateTiny(seed: 2);
        var state = source.Backbone.state_dict().ToDictionary(e => e.Key, e => e.Value);
        state["fc.weight"] = zeros(10, 256);
        state["fc.bias"] = zeros(10);
        var path = Path.Combine(directory.Path, "resnet101.pth");
        Pth.Save(path, state);
        var headBefore = target.state_dict()["classifier.weight"].clone();

        var result = DeepLabV3PlusCheckpoint.LoadPretrainedBackbone(target.Backbone, path);

        result.UnexpectedKeys.Should().BeEquivalentTo("fc.weight", "fc.bias");
        result.Loaded.Should().Contain(["conv1.0.weight", "conv1.1.running_mean", "bn1.weight", "layer4.2.conv3.weight"]);
        target.state_dict()["backbone.layer1.0.conv1.weight"].IsIdenticalTo(source.state_dict()["backbone.layer1.0.conv1.weight"]).Should().BeTrue();
        target.state_dict()["classifier.weight"].IsIdenticalTo(headBefore).Should().BeTrue("only the backbone is loaded");
    }

    [Fact]
    public void Pretrained_backbone_of_another_depth_is_refused()
    {
        using var scope = NewDisposeScope();
        using var directory = new TempDirectory();
        using var shallow = DeepLabV3PlusTests.CreateTiny(seed: 1);
        using var deep = new DeepLabV3Plus(DeepLabV3PlusConfig.Tiny(5) with { Depth = 101 });
        var path = Path.Combine(directory.Path, "resnet50.pth");
        Pth.Save(path, shallow.Backbone.state_dict());

        var load = () => DeepLabV3PlusCheckpoint.LoadPretrainedBackbone(deep.Backbone, path);

        load.Should().Throw<SeCoInputException>().WithMessage("*do not fit*missing keys*layer3.6.conv1.weight*");
    }
}
