using System.IO.Compression;
using SeCo.Sdk.Errors;
using SeCo.Testing;
using SeCo.Vision.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Vision.Tests.Checkpoints;

public sealed class PthObjectTests
{
    [Fact]
    public void Nested_training_checkpoint_round_trips_scalars_containers_and_tensors()
    {
        using var scope = torch.NewDisposeScope();
        using var dir = new TempDirectory();
        var path = dir.File("ckpt.pth");
        var model = new PickleDict(isOrderedDict: true);
        model.Set("module.conv1.weight", torch.arange(12, ScalarType.Float32).reshape(2, 1, 2, 3));
        model.Set("module.bn1.num_batches_tracked", torch.tensor(7L));
        var root = new Dictionary<string, object?>
        {
            ["model_state"] = model,
            ["iter"] = 123,
            ["big"] = long.MinValue,
            ["lr"] = 0.0009310124446222228,
            ["single"] = 0.25f,
            ["flags"] = new List<object?> { true, false, null },
            ["pair"] = new PickleTuple("a", -3L),
            ["bytes"] = new byte[] { 0, 1, 255 },
            ["large bytes"] = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray(),
            ["by index"] = new Dictionary<int, object?> { [0] = "zero", [70000] = new List<object?>() },
            ["empty"] = new Dictionary<string, object?>(),
            ["unicode ✓"] = "Zürich",
        };

        Pth.SaveObject(path, root);

        using var file = Pth.Open(path);
        var loaded = file.Root.Should().BeOfType<PickleDict>().Subject;
        loaded.IsOrderedDict.Should().BeFalse("a C# dictionary is a plain Python dict");
        loaded.Keys.Should().Equal(root.Keys);
        loaded["iter"].Should().Be(123L);
        loaded["big"].Should().Be(new System.Numerics.BigInteger(long.MinValue), "LONG1 integers read back as BigInteger");
        loaded["lr"].Should().Be(0.0009310124446222228);
        loaded["single"].Should().Be(0.25);
        loaded["flags"].Should().BeOfType<List<object?>>().Which.Should().Equal(true, false, null);
        loaded["pair"].Should().Be(new PickleTuple("a", -3L));
        loaded["bytes"].Should().BeOfType<byte[]>().Which.Should().Equal(0, 1, 255);
        loaded["large bytes"].Should().BeOfType<byte[]>().Which.Should().HaveCount(300).And.EndWith(43);
        var byIndex = loaded["by index"].Should().BeOfType<PickleDict>().Subject;
        byIndex.Keys.Should().Equal(0L, 70000L);
        byIndex[0L].Should().Be("zero");
        byIndex[70000L].Should().BeOfType<List<object?>>().Which.Should().BeEmpty();
        loaded["empty"].Should().BeOfType<PickleDict>().Which.Should().BeEmpty();
        loaded["unicode ✓"].Should().Be("Zürich");

        var (_, location) = file.LocateStateDict();
        location.Should().Be("model_state");
        var state = file.StateDict(stripModulePrefix: true);
        state.Keys.Should().Equal("conv1.weight", "bn1.num_batches_tracked");
        TensorAssert.Identical(state["conv1.weight"], (Tensor)model["module.conv1.weight"]!, "conv1.weight");
        TensorAssert.Identical(state["bn1.num_batches_tracked"], (Tensor)model["module.bn1.num_batches_tracked"]!, "num_batches_tracked");
        ((PickleDict)loaded["model_state"]!).IsOrderedDict.Should().BeTrue();
    }

    [Fact]
    public void Flat_save_still_writes_an_ordered_dict_state_dict()
    {
        using var scope = torch.NewDisposeScope();
        using var dir = new TempDirectory();
        var path = dir.File("flat.pth");

        Pth.Save(path, new Dictionary<string, Tensor> { ["b"] = torch.ones(2), ["a"] = torch.zeros(1) });

        using var file = Pth.Open(path);
        var root = file.Root.Should().BeOfType<PickleDict>().Subject;
        root.IsOrderedDict.Should().BeTrue();
        root.Keys.Should().Equal("b", "a");
    }

    [Fact]
    public void The_same_tensor_object_twice_is_stored_once_and_loads_equal()
    {
        using var scope = torch.NewDisposeScope();
        using var dir = new TempDirectory();
        var path = dir.File("shared.pth");
        var shared = torch.arange(5, ScalarType.Float32);

        Pth.SaveObject(path, new Dictionary<string, object?> { ["a"] = shared, ["b"] = new List<object?> { shared, torch.ones(1) } });

        using (var archive = ZipFile.OpenRead(path))
        {
            archive.Entries.Count(e => e.FullName.StartsWith("archive/data/", StringComparison.Ordinal)).Should().Be(2);
        }

        using var file = Pth.Open(path);
        using var a = ((LazyTensor)file["a"]!).Load();
        using var b = ((LazyTensor)((List<object?>)file["b"]!)[0]!).Load();
        TensorAssert.Identical(a, shared, "a");
        TensorAssert.Identical(b, shared, "b");
    }

    [Fact]
    public void Value_without_a_pickle_form_is_refused_with_its_location()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.pth");

        var act = () => Pth.SaveObject(path, new Dictionary<string, object?> { ["outer"] = new List<object?> { 1, DateTime.UnixEpoch } });

        act.Should().Throw<ArgumentException>().WithMessage("*root[outer][1]*DateTime*");
        File.Exists(path).Should().BeFalse();
    }

    [Fact]
    public void Dict_key_that_python_cannot_hash_like_this_is_refused()
    {
        using var dir = new TempDirectory();
        var act = () => Pth.SaveObject(dir.File("bad.pth"), new Dictionary<object, object?> { [new object()] = 1 });

        act.Should().Throw<ArgumentException>().WithMessage("*keys must be*");
    }

    [Fact]
    public void Sgd_state_dict_round_trips_groups_extra_keys_and_momentum_buffers()
    {
        using var scope = torch.NewDisposeScope();
        using var dir = new TempDirectory();
        var path = dir.File("optimizer.pth");
        var groups = new[]
        {
            new SgdParamGroup
            {
                LearningRate = 0.0009310124446222228, Momentum = 0.9, WeightDecay = 1e-3, Nesterov = true, ParameterCount = 3,
                Extra = new Dictionary<string, object?> { ["init_lr"] = 0.001 },
            },
            new SgdParamGroup
            {
                LearningRate = 0.009310124446222227, Momentum = 0.9, WeightDecay = 1e-3, Nesterov = true, ParameterCount = 2,
                Extra = new Dictionary<string, object?> { ["init_lr"] = 0.01 },
            },
        };
        var buffers = new Dictionary<int, Tensor> { [4] = torch.full(2, 3, 0.5f), [0] = torch.arange(4, ScalarType.Float32), [3] = torch.ones(1) };

        Pth.SaveObject(path, new Dictionary<string, object?> { ["optimizer_state"] = SgdStateDict.Build(groups, buffers), ["iter"] = 1 });

        using var file = Pth.Open(path);
        var optimizer = (PickleDict)file["optimizer_state"]!;
        optimizer.Keys.Should().Equal("state", "param_groups");
        ((PickleDict)optimizer["state"]!).Keys.Should().Equal(0L, 3L, 4L);
        var first = (PickleDict)((List<object?>)optimizer["param_groups"]!)[0]!;
        first.Keys.Should().Equal("lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize", "foreach", "differentiable", "init_lr", "params");
        first["dampening"].Should().BeOfType<long>("PyTorch's default dampening is the integer 0").Which.Should().Be(0);
        first["foreach"].Should().BeNull();
        ((List<object?>)first["params"]!).Should().Equal(0L, 1L, 2L);
        var second = (PickleDict)((List<object?>)optimizer["param_groups"]!)[1]!;
        ((List<object?>)second["params"]!).Should().Equal(3L, 4L);

        var readGroups = SgdStateDict.ReadGroups(file);
        readGroups.Should().HaveCount(2);
        for (var g = 0; g < groups.Length; g++)
        {
            readGroups[g].LearningRate.Should().Be(groups[g].LearningRate);
            readGroups[g].Momentum.Should().Be(0.9);
            readGroups[g].Dampening.Should().Be(0);
            readGroups[g].WeightDecay.Should().Be(1e-3);
            readGroups[g].Nesterov.Should().BeTrue();
            readGroups[g].Maximize.Should().BeFalse();
            readGroups[g].ParameterCount.Should().Be(groups[g].ParameterCount);
            readGroups[g].Extra.Should().Equal(groups[g].Extra);
        }

        var readBuffers = SgdStateDict.ReadMomentumBuffers(file);
        readBuffers.Keys.Should().BeEquivalentTo(buffers.Keys);
        foreach (var (index, buffer) in buffers)
        {
            TensorAssert.Identical(readBuffers[index], buffer, $"buffer {index}");
        }
    }

    [Fact]
    public void Sgd_momentum_buffer_for_a_parameter_that_does_not_exist_is_refused()
    {
        using var scope = torch.NewDisposeScope();
        var groups = new[] { new SgdParamGroup { LearningRate = 0.1, ParameterCount = 2 } };

        var act = () => SgdStateDict.Build(groups, new Dictionary<int, Tensor> { [2] = torch.ones(1) });

        act.Should().Throw<ArgumentException>().WithMessage("*buffer 2*2*");
    }

    [Fact]
    public void Reading_sgd_state_from_a_checkpoint_without_it_names_the_missing_entry()
    {
        using var scope = torch.NewDisposeScope();
        using var dir = new TempDirectory();
        var path = dir.File("model-only.pth");
        Pth.Save(path, new Dictionary<string, Tensor> { ["w"] = torch.ones(1) });

        using var file = Pth.Open(path);
        var act = () => SgdStateDict.ReadGroups(file);

        act.Should().Throw<SeCoInputException>().WithMessage("*optimizer_state*");
    }

    [Fact]
    public void Sgd_param_groups_that_do_not_number_parameters_in_order_are_refused()
    {
        using var dir = new TempDirectory();
        var path = dir.File("shuffled.pth");
        var group = new Dictionary<string, object?>
        {
            ["lr"] = 0.1, ["momentum"] = 0.9, ["dampening"] = 0, ["weight_decay"] = 0.0, ["nesterov"] = false, ["params"] = new List<object?> { 1, 0 },
        };
        Pth.SaveObject(path, new Dictionary<string, object?>
        {
            ["optimizer_state"] = new Dictionary<string, object?> { ["state"] = new Dictionary<int, object?>(), ["param_groups"] = new List<object?> { group } },
        });

        using var file = Pth.Open(path);
        var act = () => SgdStateDict.ReadGroups(file);

        act.Should().Throw<SeCoInputException>().WithMessage("*0, 1, 2*");
    }
}
